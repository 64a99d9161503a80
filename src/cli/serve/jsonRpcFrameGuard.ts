import { Transform, type TransformCallback } from 'node:stream';

/** A frame announcing more than this is refused: the store's answers are large, requests never are. */
export const maxFrameBytes = 16 * 1024 * 1024;
/** Headers longer than this without the blank line that ends them are not headers. */
const maxHeaderBytes = 8 * 1024;
const headerEnd = Buffer.from('\r\n\r\n', 'latin1');
const contentLengthName = /content-length:/i;

/** A JSON-RPC error answer the guard sends itself, for a frame the connection would drop silently. */
export interface GuardAnswer {
  jsonrpc: '2.0';
  id: number | string | null;
  error: { code: number; message: string };
}

/**
 * Sits between stdin and vscode-jsonrpc's reader and passes on only well-formed frames holding
 * a JSON-RPC message the connection can dispatch. vscode-jsonrpc reports a frame without a
 * usable Content-Length as an error and then reads the rest of the stream out of step (one bad
 * frame silenced `fluke serve` for good), and it drops a request whose method is not a string
 * without an answer. Here a bad header is skipped up to the next `Content-Length:` so later
 * frames are read again; a body that is not JSON, or a request the connection cannot
 * dispatch, gets the JSON-RPC error answer (-32700 parse error, -32600 invalid request).
 */
export class JsonRpcFrameGuard extends Transform {
  private buffer = Buffer.alloc(0);
  /** After a bad header: bytes are dropped until the next `Content-Length:`, wherever the chunks split. */
  private resyncing = false;

  constructor(
    private readonly answer: (message: GuardAnswer) => void,
    private readonly warn: (problem: string) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.drain();
    done();
  }

  private drain(): void {
    for (;;) {
      if (this.resyncing && !this.resync()) return;
      const end = this.buffer.indexOf(headerEnd);
      if (end < 0) {
        if (this.buffer.length > maxHeaderBytes) this.skipBadHeader(this.buffer.length, `a header of over ${maxHeaderBytes} bytes without an end`);
        return;
      }
      const length = contentLengthOf(this.buffer.subarray(0, end).toString('latin1'));
      if (typeof length === 'string') {
        this.skipBadHeader(end + headerEnd.length, length);
        continue;
      }
      const bodyStart = end + headerEnd.length;
      if (this.buffer.length < bodyStart + length) return;
      const body = this.buffer.subarray(bodyStart, bodyStart + length);
      this.buffer = this.buffer.subarray(bodyStart + length);
      this.pass(body);
    }
  }

  /** Drops a frame header that gives no usable length; what follows is dropped up to the next `Content-Length:`. */
  private skipBadHeader(headerBytes: number, problem: string): void {
    this.warn(`fluke serve: skipped a frame: ${problem}`);
    this.buffer = this.buffer.subarray(headerBytes);
    this.resyncing = true;
  }

  /** Drops bytes up to the next `Content-Length:`; false while it has not arrived yet. */
  private resync(): boolean {
    const next = this.buffer.toString('latin1').search(contentLengthName);
    if (next < 0) {
      // Keep a tail that may be the start of the name, split across chunks.
      this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - 15));
      return false;
    }
    this.buffer = this.buffer.subarray(next);
    this.resyncing = false;
    return true;
  }

  private pass(body: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch {
      this.answer({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error: the frame body is not JSON' } });
      return;
    }
    const problem = invalidMessageProblem(message);
    if (problem) {
      const id = (message as { id?: unknown } | null)?.id;
      this.answer({ jsonrpc: '2.0', id: typeof id === 'number' || typeof id === 'string' ? id : null, error: { code: -32600, message: `invalid request: ${problem}` } });
      return;
    }
    this.push(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'latin1'), body]));
  }
}

/** The body length a header block announces, or why it announces none usable. */
export function contentLengthOf(header: string): number | string {
  const lines = header.split('\r\n');
  const field = lines.find((line) => /^content-length\s*:/i.test(line));
  if (!field) return 'no Content-Length';
  const value = field.slice(field.indexOf(':') + 1).trim();
  if (!/^\d+$/.test(value)) return `Content-Length "${value.slice(0, 40)}" is not a byte count`;
  const length = Number(value);
  if (length > maxFrameBytes) return `Content-Length ${value} is over ${maxFrameBytes} bytes`;
  return length;
}

/** Why the connection could not dispatch a message, or null when it can. */
function invalidMessageProblem(message: unknown): string | null {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return 'a message must be a JSON object (batches are not supported)';
  const { method, id } = message as { method?: unknown; id?: unknown };
  const isResponse = 'result' in message || 'error' in message;
  if (method === undefined && !isResponse) return 'no method';
  if (method !== undefined && typeof method !== 'string') return 'method must be a string';
  if (method !== undefined && id !== undefined && typeof id !== 'number' && typeof id !== 'string') return 'id must be a number or a string';
  return null;
}
