import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';

/** A parsed JSON text that can say where each JSON pointer is in the text. */
export interface LocatedJson {
  value: unknown;
  /** Syntax errors, with their offset. */
  syntaxErrors: Array<{ message: string; offset: number; length: number }>;
  locate(pointer: string, preferKey?: boolean): { offset: number; length: number; line: number; column: number };
  /** 1-based line and column of a character offset. */
  positionOf(offset: number): { line: number; column: number };
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function pointerOf(segments: Array<string | number>): string {
  return segments.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

const syntaxMessages: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected (in double quotes)',
  ValueExpected: 'value expected',
  ColonExpected: 'colon expected',
  CommaExpected: 'comma expected',
  CloseBraceExpected: 'closing brace } expected',
  CloseBracketExpected: 'closing bracket ] expected',
  EndOfFileExpected: 'end of file expected (text after the JSON value)',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

/** Parses strict JSON (no comments, no trailing commas) and keeps every value's location. */
export function parseLocatedJson(text: string): LocatedJson {
  const errors: ParseError[] = [];
  const root: Node | undefined = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const starts = lineStarts(text);
  const position = (offset: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
  return {
    value: root ? getNodeValue(root) : undefined,
    syntaxErrors: errors.map((error) => {
      const code = printParseErrorCode(error.error);
      return { message: syntaxMessages[code] ?? code, offset: error.offset, length: error.length };
    }),
    positionOf: position,
    locate(pointer, preferKey = false) {
      const segments = pointerSegments(pointer).map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
      let node: Node | undefined;
      // A missing field is reported at its nearest existing parent.
      for (let depth = segments.length; depth >= 0 && !node; depth--) {
        node = root ? findNodeAtLocation(root, segments.slice(0, depth)) : undefined;
      }
      if (node && preferKey && node.parent?.type === 'property' && node.parent.children?.[0]) node = node.parent.children[0];
      const offset = node?.offset ?? 0;
      const length = node?.length ?? 0;
      return { offset, length, ...position(offset) };
    },
  };
}
