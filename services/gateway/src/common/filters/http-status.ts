import type { ErrorKind } from '#libs/contracts';

/** The one HTTP status of each kind of error; a new kind fails to compile here until it has one. */
export const httpStatusOf = (kind: ErrorKind): number => {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'failed':
      // The request was understood and ran, and the application or CSSM refused it (most of the guide's codes).
      return 422;
    case 'internal':
      return 500;
    case 'upstream':
      return 502;
    case 'unavailable':
      return 503;
    default: {
      const unknown: never = kind;
      throw new Error(`no HTTP status for error kind ${String(unknown)}`);
    }
  }
};
