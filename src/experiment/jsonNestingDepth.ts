/** Deeper than any experiment file needs (it nests 4 levels), and far below what the recursive parsers can take. */
export const maxJsonNesting = 64;

/**
 * Where the first `[` or `{` that opens a level deeper than maxJsonNesting is, or null.
 * A linear scan run before parsing: the parser, the schema validator and structuredClone all
 * recurse, and a few kilobytes of `[[[[...` would end in a RangeError instead of a message.
 */
export function tooDeepPosition(text: string): { offset: number; line: number; column: number } | null {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      if (++depth > maxJsonNesting) return { offset: i, line, column: i - lineStart + 1 };
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return null;
}
