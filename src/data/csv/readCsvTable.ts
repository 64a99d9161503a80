import type { DataProblem } from '../dataset';
import { DatasetError } from '../dataset';
import { parseCsv } from './parseCsv';
import { readUtf8Text } from './readUtf8Text';

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

/** The header row of a CSV file, lower-cased and trimmed, for format detection. */
export function readCsvHeader(file: string): string[] {
  const text = readUtf8Text(file);
  const firstLineEnd = text.search(/\r?\n/);
  const rows = parseCsv(firstLineEnd < 0 ? text : text.slice(0, firstLineEnd), file);
  return (rows[0]?.fields ?? []).map((name) => name.trim().toLowerCase());
}

/**
 * Reads a CSV file whose header must hold `columns` (matched case-insensitively, any order,
 * other columns ignored). A missing column is fatal and names the file and the header found;
 * a row with too few fields or an empty required value is a problem naming its line.
 */
export function readCsvTable(file: string, columns: string[]): { records: CsvRecord[]; problems: DataProblem[] } {
  const rows = parseCsv(readUtf8Text(file), file);
  const header = rows[0];
  if (!header) throw new DatasetError(file, `${file}: empty CSV file, expected a header with columns ${columns.join(',')}`);
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const positions = columns.map((column) => names.indexOf(column.toLowerCase()));
  const missing = columns.filter((_, i) => positions[i]! < 0);
  if (missing.length) {
    throw new DatasetError(
      file,
      `${file}:1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header is "${header.fields.join(',')}", expected ${columns.join(',')})`,
    );
  }
  const records: CsvRecord[] = [];
  const problems: DataProblem[] = [];
  for (const row of rows.slice(1)) {
    const values: Record<string, string> = {};
    let bad: string | null = null;
    columns.forEach((column, i) => {
      const position = positions[i]!;
      const value = row.fields[position]?.trim();
      if (bad) return;
      if (value === undefined) {
        bad = `row has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'}, column ${position + 1} (${column}) is missing`;
      } else if (value === '') {
        bad = `column ${position + 1} (${column}) is empty`;
      } else {
        values[column] = value;
      }
    });
    if (bad) problems.push({ path: file, line: row.line, problem: bad });
    else records.push({ line: row.line, values });
  }
  return { records, problems };
}
