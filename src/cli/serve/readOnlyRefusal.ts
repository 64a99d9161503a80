import { ResponseError } from 'vscode-jsonrpc/node';
import { readOnlyRefusedCode } from '../../protocol/rpc';

/** The answer of a read-only serve (Restricted Mode) to a request that would write the database or start a process. */
export function readOnlyRefusal(method: string): ResponseError<void> {
  return new ResponseError(
    readOnlyRefusedCode,
    `${method} is refused: fluke serve has the database open read-only (Restricted Mode answers queries only; trust the workspace to change runs)`,
  );
}
