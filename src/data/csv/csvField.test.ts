import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField } from './csvField';
import { parseCsv } from './parseCsv';

test('fields that need it are quoted, a carriage return included, and read back by the CSV reader', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField(0.25), '0.25');
  assert.equal(csvField(null), '');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('line\nbreak'), '"line\nbreak"');
  assert.equal(csvField('carriage\rreturn'), '"carriage\rreturn"');
  const values = ['a,b', 'say "hi"', 'line\nbreak', 'carriage\rreturn', 'crlf\r\nend'];
  const rows = parseCsv(`${values.map(csvField).join(',')}\n`, 'fields.csv');
  assert.deepEqual(rows.map((row) => row.fields), [values]);
});

test('a text a spreadsheet would run as a formula gets a leading apostrophe; a negative number stays a number', () => {
  assert.equal(csvField('=SUM(A1)'), "'=SUM(A1)");
  assert.equal(csvField('+1+1'), "'+1+1");
  assert.equal(csvField('-2+3'), "'-2+3");
  assert.equal(csvField('@cmd'), "'@cmd");
  assert.equal(csvField('\t=1'), "'\t=1");
  assert.equal(csvField('\r=1'), `"'\r=1"`);
  assert.equal(csvField(-0.5), '-0.5');
});
