import { ErrorCodes, ResponseError, type Disposable, type GenericRequestHandler, type MessageConnection, type MessageSignature } from 'vscode-jsonrpc/node';
import { storeFailureMessage } from '../storeLocation';

type RegisterRequest = (type: string | MessageSignature, handler: GenericRequestHandler<unknown, unknown>) => Disposable;

/**
 * The connection, with every request handler's SQLite failure answered as one line naming the
 * database file (and a hint when it is damaged), as the other commands say it: a damaged page
 * fails only the query that reads it, long after the open succeeded.
 */
export function nameStoreInFailures(connection: MessageConnection): MessageConnection {
  // The request type itself is passed on, so the connection still checks the parameters' count and structure.
  const register = connection.onRequest as RegisterRequest;
  const onRequest: RegisterRequest = (type, handler) =>
    register(type, async (...params: unknown[]) => {
      try {
        return await handler(...params);
      } catch (error) {
        const named = storeFailureMessage(error);
        throw named === null ? error : new ResponseError(ErrorCodes.InternalError, named);
      }
    });
  return { ...connection, onRequest: onRequest as MessageConnection['onRequest'] };
}
