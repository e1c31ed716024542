import { Readable } from 'node:stream';
import { AppError } from '@canteen/service-kit';

/** Request headers a service needs to see; everything else (cookies, hop-by-hop) stays here. */
const FORWARDED_REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'idempotency-key', 'if-none-match', 'if-match'];
/** Response headers the client needs to see. */
export const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'etag',
  'cache-control',
  'retry-after',
  'location',
  'last-modified',
  'idempotent-replayed',
];

export interface UpstreamRequest {
  method: string;
  /** Path and query, e.g. `/api/auth/login`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  /** A body passed through as it arrives (uploads), instead of the parsed JSON `body`. */
  rawBody?: Readable;
  requestId?: string;
  clientIp?: string;
}

export interface UpstreamResponse {
  status: number;
  headers: Headers;
  body: ArrayBuffer;
}

/**
 * One downstream service as the BFF sees it: every call has a timeout, and a service that is
 * down or slow becomes a JSON 503/504 at once instead of a hanging request.
 */
export function createUpstream(name: string, baseUrl: string, timeoutMs: number) {
  const base = baseUrl.replace(/\/$/, '');

  async function send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const headers = new Headers();
    for (const header of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[header];
      if (typeof value === 'string') headers.set(header, value);
    }
    if (request.requestId) headers.set('x-request-id', request.requestId);
    if (request.clientIp) headers.set('x-forwarded-for', request.clientIp);
    const hasBody = request.body !== undefined && !['GET', 'HEAD'].includes(request.method);
    let body: string | ReadableStream | undefined;
    if (request.rawBody) {
      body = Readable.toWeb(request.rawBody) as ReadableStream;
      const length = request.headers['content-length'];
      if (typeof length === 'string') headers.set('content-length', length);
    } else if (hasBody) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(request.body);
    }
    try {
      const response = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers,
        body,
        // Required by fetch for a streamed request body.
        ...(request.rawBody ? { duplex: 'half' } : {}),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      return { status: response.status, headers: response.headers, body: await response.arrayBuffer() };
    } catch (err) {
      const error = err as Error;
      if (error.name === 'TimeoutError' || error.name === 'AbortError') {
        throw new AppError(504, 'UPSTREAM_TIMEOUT', `The ${name} service did not answer in time`);
      }
      throw new AppError(503, 'SERVICE_UNAVAILABLE', `The ${name} service is unavailable`);
    }
  }

  async function health(): Promise<{ status: 'up' | 'down'; detail?: string }> {
    try {
      const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(Math.min(timeoutMs, 2000)) });
      return response.ok ? { status: 'up' } : { status: 'down', detail: `health answered ${response.status}` };
    } catch (err) {
      return { status: 'down', detail: (err as Error).message };
    }
  }

  return { name, send, health };
}

export type Upstream = ReturnType<typeof createUpstream>;
