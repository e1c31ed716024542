/**
 * How an error is written to the log: a list of what may be kept, not of what to remove.
 *
 * Database drivers hang the failed statement's values on their errors (PGlite: `params` and
 * `query`; mysql2: `sql`, with the values formatted into it by `query()`; MongoDB: `keyValue`
 * and `errorResponse`), and pino's standard serializer copies every enumerable property. A
 * failed INSERT of an account then logged its Argon2 hash. Only the fields below are kept,
 * for the error, its `cause` and the errors of an AggregateError; what a driver adds
 * tomorrow stays out until someone decides it is safe.
 */

/** Identify a failure without carrying the data it was about. */
const KEPT = ['code', 'errno', 'sqlState', 'severity', 'constraint', 'routine', 'status', 'statusCode'] as const;
/** Errors within errors: `cause` chains and AggregateError lists. */
const MAX_DEPTH = 5;

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
  errors?: SerializedError[];
  [field: string]: unknown;
}

export function serializeError(value: unknown): unknown {
  return serialize(value, 0);
}

type ErrorLike = Record<string, unknown> & { message: string };

/**
 * An Error, or what another serializer made of one (pino-http hands its wrapped serializers
 * pino's plain-object copy, with every field still on it).
 */
const isErrorLike = (value: unknown): value is ErrorLike =>
  value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string');

function typeOf(error: ErrorLike): string {
  if (!(error instanceof Error) && typeof error.type === 'string') return error.type;
  return (error.constructor !== Object && error.constructor?.name) || (typeof error.name === 'string' ? error.name : 'Error');
}

function serialize(value: unknown, depth: number): unknown {
  if (!isErrorLike(value)) {
    // A rejection with a string keeps its text; anything else may hold anything: its type only.
    if (typeof value === 'string') return { type: 'string', message: value };
    return value === null || value === undefined ? value : { type: typeof value, message: Object.prototype.toString.call(value) };
  }
  const out: SerializedError = { type: typeOf(value), message: value.message };
  if (typeof value.stack === 'string') out.stack = value.stack;
  for (const key of KEPT) {
    const field = value[key];
    if (typeof field === 'string' || typeof field === 'number') out[key] = field;
  }
  if (depth < MAX_DEPTH) {
    if (value.cause !== undefined) out.cause = serialize(value.cause, depth + 1) as SerializedError;
    const inner = Array.isArray(value.errors) ? value.errors : Array.isArray(value.aggregateErrors) ? value.aggregateErrors : undefined;
    if (inner) out.errors = inner.slice(0, 10).map((error) => serialize(error, depth + 1) as SerializedError);
  }
  return out;
}
