import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvSyntaxError, parseCsv } from './parseCsv';

test('reads quoted fields with commas, escaped quotes and line breaks', () => {
  const rows = parseCsv('Image,Id\n"a,b.jpg","say ""hi"""\n"multi\nline.jpg",w_1\n', 'x.csv');
  assert.deepEqual(rows, [
    { line: 1, fields: ['Image', 'Id'] },
    { line: 2, fields: ['a,b.jpg', 'say "hi"'] },
    { line: 3, fields: ['multi\nline.jpg', 'w_1'] },
  ]);
});

test('accepts a UTF-8 BOM and CRLF line ends, and skips blank lines', () => {
  const rows = parseCsv('\ufeffImage,Id\r\n1.jpg,w_1\r\n\r\n2.jpg,w_2', 'x.csv');
  assert.deepEqual(rows, [
    { line: 1, fields: ['Image', 'Id'] },
    { line: 2, fields: ['1.jpg', 'w_1'] },
    { line: 4, fields: ['2.jpg', 'w_2'] },
  ]);
});

test('a stray quote names the file, line and column', () => {
  assert.throws(
    () => parseCsv('Image,Id\n1.jpg,w_1\n2.jpg,w"2\n', 'train.csv'),
    (error: unknown) => error instanceof CsvSyntaxError && error.line === 3 && error.column === 8 && error.message.startsWith('train.csv:3:8:'),
  );
});

test('text after a closing quote and an unclosed quote are errors with their position', () => {
  assert.throws(() => parseCsv('a,b\n"x"y,2\n', 'f.csv'), /f\.csv:2:4: unexpected "y" after a closing quote/);
  assert.throws(() => parseCsv('a,b\n1,"never closed\n', 'f.csv'), /f\.csv:2:3: quoted field is never closed/);
});
