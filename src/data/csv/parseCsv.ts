/**
 * A small RFC 4180 CSV reader: quoted fields (with "" escapes and line breaks inside), CRLF or
 * LF line ends, a UTF-8 byte-order mark at the start. Each row keeps the 1-based line it starts
 * on so that problems can name it.
 */
export interface CsvRow {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = position;
  const column = (at: number) => at - lineStart + 1;

  while (position < text.length) {
    const rowLine = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[position] === '"') {
        const quoteLine = line;
        const quoteColumn = column(position);
        position++;
        for (;;) {
          if (position >= text.length) {
            throw new CsvSyntaxError(file, quoteLine, quoteColumn, 'quoted field is never closed');
          }
          const char = text[position]!;
          if (char === '"') {
            if (text[position + 1] === '"') {
              value += '"';
              position += 2;
              continue;
            }
            position++;
            break;
          }
          if (char === '\n') {
            line++;
            lineStart = position + 1;
          }
          value += char;
          position++;
        }
        const next = text[position];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(file, line, column(position), `unexpected ${JSON.stringify(next)} after a closing quote`);
        }
      } else {
        const start = position;
        while (position < text.length && text[position] !== ',' && text[position] !== '\n' && text[position] !== '\r') {
          if (text[position] === '"') {
            throw new CsvSyntaxError(file, line, column(position), 'quote inside an unquoted field');
          }
          position++;
        }
        value = text.slice(start, position);
      }
      fields.push(value);
      if (text[position] === ',') {
        position++;
        continue;
      }
      break;
    }
    if (text[position] === '\r') position++;
    if (text[position] === '\n') position++;
    line++;
    lineStart = position;
    // A blank line is no row (a trailing newline, or spacing a human left).
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
  }
  return rows;
}
