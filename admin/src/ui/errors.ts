import { ApiError, ForbiddenError, NetworkError, NotFoundError, ServerError, UnauthorizedError, ValidationError } from '@canteen/client';

/** What went wrong and what to do, in words (never a raw status code). */
export function messageOf(err: unknown, what = 'That'): string {
  if (err instanceof NetworkError) return 'The server cannot be reached. Check the connection; nothing was changed, so try again when it is back.';
  if (err instanceof UnauthorizedError) return 'Your session has ended. Sign in again to continue.';
  if (err instanceof ForbiddenError) return 'Only an admin may do this.';
  if (err instanceof NotFoundError) return `${what} was not found — someone may have deleted it. Reload to see the current state.`;
  if (err instanceof ServerError) return `${what} did not work because a service is not answering. Try again in a moment.`;
  if (err instanceof ApiError) return err.message;
  return `${what} did not work. Try again.`;
}

interface Issue {
  path?: unknown;
  message?: unknown;
}

/**
 * The BFF's VALIDATION_FAILED `details` (`[{path, message}]`, path like `option_groups.0.min`)
 * as field → message, so each message can sit next to its field. Empty for any other error.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ValidationError) || !Array.isArray(err.details)) return {};
  const out: Record<string, string> = {};
  for (const issue of err.details as Issue[]) {
    if (typeof issue.path !== 'string' || typeof issue.message !== 'string') continue;
    out[issue.path] ??= issue.message;
  }
  return out;
}
