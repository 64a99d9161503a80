/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line feed or a carriage
 * return, with quotes doubled; null and undefined are empty. The one escaper of every CSV
 * fluke writes (run export, chart export).
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
