import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from './errors.ts';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** Errors thrown by body-parser and friends, mapped to our error model. */
function fromFrameworkError(err: HttpishError): AppError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new AppError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'UNSUPPORTED_ENCODING', 'The request body encoding is not supported');
    case 'request.aborted':
      return new AppError(400, 'REQUEST_ABORTED', 'The request was aborted');
  }
  const status = err.status ?? err.statusCode;
  if (status && status >= 400 && status < 500 && err.expose) {
    return new AppError(status, 'BAD_REQUEST', 'The request could not be processed');
  }
  return undefined;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = err instanceof AppError ? err : fromFrameworkError(err as HttpishError);
    const log = (req as { log?: Logger }).log ?? logger;
    if (!appError) {
      // Never leak internals: the stack goes to the log, the client gets a generic message.
      log.error({ err }, 'unhandled error');
      if (res.headersSent) return;
      const message = 'Something went wrong on our side';
      res.status(500).json({ error: { code: 'INTERNAL', message }, message });
      return;
    }
    const retryAfter = (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    // A refusal with a Retry-After (busy, rate limited) is the system working as meant, not an
    // error: the access log has it at info. Under overload thousands a second are refused, and
    // two warnings each would spend the CPU the refusal was meant to save.
    if (appError.status >= 500) log[retryAfter ? 'debug' : 'error']({ err: appError }, appError.message);
    if (res.headersSent) return;
    if ((appError.status === 429 || appError.status === 503) && retryAfter) res.setHeader('Retry-After', String(retryAfter));
    const body: { code: string; message: string; details?: unknown } = {
      code: appError.code,
      message: appError.message,
    };
    if (appError.details !== undefined) body.details = appError.details;
    // `message` at the top level too: clients of the original API read `body.message`.
    res.status(appError.status).json({ error: body, message: body.message });
  };
}
