/**
 * The BFF's JSON error model (`{error: {code, message, details?}, message}`) as typed errors,
 * so an app decides by class and code, never by parsing a status or a message.
 */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds, from `Retry-After`, when the server said when to come back. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** 400 / 422: the request itself is wrong; sending it again changes nothing. */
export class ValidationError extends ApiError {
  override readonly name = 'ValidationError';
}
/** 401 after a refresh was tried: the person has to sign in again. */
export class UnauthorizedError extends ApiError {
  override readonly name = 'UnauthorizedError';
}
export class ForbiddenError extends ApiError {
  override readonly name = 'ForbiddenError';
}
export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
}
/** 409: e.g. the same Idempotency-Key is still being worked on. */
export class ConflictError extends ApiError {
  override readonly name = 'ConflictError';
}
export class RateLimitedError extends ApiError {
  override readonly name = 'RateLimitedError';
}
/** 5xx: the server or a service behind it failed; worth trying again later. */
export class ServerError extends ApiError {
  override readonly name = 'ServerError';
}

/** No answer at all: offline, DNS, a cut connection or a timeout. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}

interface ErrorBodyLike {
  error?: { code?: unknown; message?: unknown; details?: unknown };
  message?: unknown;
}

function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

const CLASSES: Record<number, typeof ApiError> = {
  400: ValidationError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
  429: RateLimitedError,
};

/** Turns a non-2xx answer into its typed error; a body that is not the model still gets one. */
export function errorFromResponse(status: number, body: unknown, retryAfter: string | null): ApiError {
  const parsed = (typeof body === 'object' && body !== null ? body : {}) as ErrorBodyLike;
  const code = typeof parsed.error?.code === 'string' ? parsed.error.code : `HTTP_${status}`;
  const message =
    typeof parsed.error?.message === 'string'
      ? parsed.error.message
      : typeof parsed.message === 'string'
        ? parsed.message
        : `The server answered ${status}`;
  const Class = status >= 500 ? ServerError : (CLASSES[status] ?? ApiError);
  return new Class(status, code, message, parsed.error?.details, retryAfterSeconds(retryAfter));
}

/**
 * Whether an unsent request may be sent again later as it is: nothing reached a decision
 * (network), the server was busy or failing (5xx, 429), or still working on the same key (409).
 * A 401 is not here: it waits for a new sign-in, not for time to pass.
 */
export function isTransient(err: unknown): boolean {
  return err instanceof NetworkError || err instanceof ServerError || err instanceof RateLimitedError || err instanceof ConflictError;
}
