import { readFileSync } from 'node:fs';
import { DatasetError } from '../dataset';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A text file that must be UTF-8 (a UTF-8 byte-order mark is kept for the caller to skip).
 * Decoding is strict: a Latin-1 or other 8-bit file would otherwise turn every accented
 * byte into U+FFFD, and "Müller" and "Mäller" would become one identity without a word.
 * The error names the file and the first line that is not UTF-8.
 */
export function readUtf8Text(file: string): string {
  const bytes = readFileSync(file);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new DatasetError(file, `${file}:${firstBadLine(bytes)}: not valid UTF-8 (a Latin-1 or other 8-bit file?); save it as UTF-8`);
  }
}

function firstBadLine(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    try {
      strictUtf8.decode(bytes.subarray(start, end < 0 ? bytes.length : end));
    } catch {
      return line;
    }
    if (end < 0) return line;
    line++;
    start = end + 1;
  }
}
