/**
 * Control characters (C0 but tab, DEL, C1) and the Unicode bidirectional overrides, which
 * let a run name or a CSV value move the cursor, recolour or retitle the terminal, or show
 * text in another order than it is stored.
 */
const unsafeCharacters = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text from the store or a data file, safe to print on a terminal: each unsafe character as a visible \u escape. */
export function terminalSafe(text: string): string {
  return text.replace(unsafeCharacters, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
