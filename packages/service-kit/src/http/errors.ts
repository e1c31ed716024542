import type { ZodError, ZodType } from 'zod';

/**
 * The one error type of every service: it carries its HTTP status and a stable code, and the
 * error middleware turns it into `{"error": {"code", "message", "details"?}}`.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'BAD_REQUEST', message, details);
export const validationFailed = (details: unknown) =>
  new AppError(400, 'VALIDATION_FAILED', 'The request is not valid', details);
export const unauthorized = (message = 'Authentication required') => new AppError(401, 'UNAUTHORIZED', message);
export const forbidden = (message = 'You are not allowed to do this') => new AppError(403, 'FORBIDDEN', message);
export const notFound = (message = 'Not found') => new AppError(404, 'NOT_FOUND', message);
export const conflict = (message: string, code = 'CONFLICT') => new AppError(409, code, message);
export const unprocessable = (message: string, code = 'UNPROCESSABLE') => new AppError(422, code, message);
export const tooManyRequests = (message: string, retryAfterSeconds?: number) =>
  new AppError(429, 'TOO_MANY_REQUESTS', message, retryAfterSeconds ? { retryAfterSeconds } : undefined);
export const serviceUnavailable = (message: string) => new AppError(503, 'SERVICE_UNAVAILABLE', message);

export interface ValidationIssue {
  path: string;
  message: string;
}

/** `whole`: what to call the input itself when it is wrong as a whole (a path parameter, the body). */
export function describeZodError(error: ZodError, whole = '(body)'): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || whole,
    message: issue.message,
  }));
}

/**
 * Parses untrusted input with a contracts schema; a mismatch is a 400 that names each field.
 * `name` names a single value (a path parameter such as `id`) in the error; a body's own
 * fields name themselves.
 */
export function parseInput<T>(schema: ZodType<T>, input: unknown, name = '(body)'): T {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(describeZodError(result.error, name));
  return result.data;
}
