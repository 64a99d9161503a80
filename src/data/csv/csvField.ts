/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line feed or a carriage
 * return, with quotes doubled; null and undefined are empty. The one escaper of every CSV
 * fluke writes (run export, chart export). A text starting with = + - @, a tab or a carriage
 * return is read as a formula by spreadsheets, and names come from files anyone can write:
 * such a text gets a leading apostrophe (OWASP's CSV-injection advice). Numbers stay numbers.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
