// What to tell a person when a call fails: one sentence per kind of failure, in their locale.
// The server's own message is shown only where it is meant for people (refused input).
import { msg } from '@lit/localize';
import { TRPCClientError } from '@trpc/client';

/** The tRPC error code of a failed call ('CONFLICT', 'FORBIDDEN', …), or null. */
export function errorCode(err: unknown): string | null {
  if (!(err instanceof TRPCClientError)) return null;
  const code = (err.data as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : null;
}

export function isAbort(err: unknown): boolean {
  return (
    (err instanceof DOMException && err.name === 'AbortError') ||
    (err instanceof TRPCClientError && err.cause?.name === 'AbortError')
  );
}

export function errorMessage(err: unknown): string {
  switch (errorCode(err)) {
    case 'UNAUTHORIZED':
      return msg('Your sign-in has expired or the token is not valid.', {
        id: 'error.unauthorized',
      });
    case 'FORBIDDEN':
      return msg('You are not allowed to do this.', { id: 'error.forbidden' });
    case 'NOT_FOUND':
      return msg('This record no longer exists or is not visible to you.', {
        id: 'error.notFound',
      });
    case 'CONFLICT':
      return msg('Someone else changed this record in the meantime. It has been reloaded.', {
        id: 'error.conflict',
      });
    case 'TOO_MANY_REQUESTS':
      return msg('Too many requests. Wait a moment and try again.', { id: 'error.rateLimited' });
    case 'BAD_REQUEST':
    case 'PRECONDITION_FAILED':
      return (err as Error).message;
    case null:
      return msg('The server cannot be reached. Check the connection and try again.', {
        id: 'error.network',
      });
    default:
      return msg('Something went wrong on the server. Try again later.', { id: 'error.server' });
  }
}
