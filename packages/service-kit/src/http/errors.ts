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
/**
 * `details` lists every problem; the message names the first one ("password: must be at least
 * 8 characters"), because many clients show only `message` (the original web client does).
 */
export const validationFailed = (details: readonly ValidationIssue[]) =>
  new AppError(400, 'VALIDATION_FAILED', describeFirst(details), details);
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

const describeFirst = (issues: readonly ValidationIssue[]): string => {
  const first = issues[0];
  if (!first) return 'The request is not valid';
  return first.path === WHOLE_BODY ? first.message : `${first.path}: ${first.message}`;
};

const WHOLE_BODY = '(body)';

/**
 * C0 controls (NUL and friends) but tab, line feed and carriage return, then DEL and the C1
 * controls. No text field of the API has a use for them; some stores refuse them outright
 * (PostgreSQL answers a NUL in text with an error), and in logs and on screens they hide or
 * forge what follows.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** The path of the first string in `input` (walked as JSON) with a control character. */
export function findControlCharacter(input: unknown): string[] | undefined {
  if (typeof input === 'string') return CONTROL_CHARACTER.test(input) ? [] : undefined;
  if (input === null || typeof input !== 'object') return undefined;
  // The path is built only on the way back from a find: the usual body has none to find.
  if (Array.isArray(input)) {
    for (let index = 0; index < input.length; index++) {
      const found = findControlCharacter(input[index]);
      if (found) return [String(index), ...found];
    }
    return undefined;
  }
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    const found = findControlCharacter((input as Record<string, unknown>)[key]);
    if (found) return [key, ...found];
  }
  return undefined;
}

/** `whole`: what to call the input itself when it is wrong as a whole (a path parameter, the body). */
export function describeZodError(error: ZodError, whole = WHOLE_BODY): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || whole,
    message: issue.message,
  }));
}

/**
 * Parses untrusted input with a contracts schema; a mismatch is a 400 that names each field.
 * `name` names a single value (a path parameter such as `id`) in the error; a body's own
 * fields name themselves. Every text in the input is checked for control characters here,
 * once for every route and field, before any schema (or store) sees it.
 */
export function parseInput<T>(schema: ZodType<T>, input: unknown, name = WHOLE_BODY): T {
  const control = findControlCharacter(input);
  if (control) {
    throw validationFailed([{ path: control.join('.') || name, message: 'must not contain control characters' }]);
  }
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(describeZodError(result.error, name));
  return result.data;
}
