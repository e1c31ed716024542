import http from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * What the services' component tests share to call a service over HTTP and check its answers.
 */

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  /** The parsed JSON when the answer is JSON, else undefined. */
  body: T;
  text: string;
  bytes: Buffer;
}

export interface CallOptions {
  /** JSON-encoded. */
  body?: unknown;
  /** Sent as is, not JSON-encoded (malformed JSON, huge bodies). */
  rawBody?: string;
  /** A multipart form (uploads); its own content type. */
  form?: FormData;
  token?: string;
  headers?: Record<string, string>;
}

/** A caller of the service at `baseUrl`: `call(method, path, options)`. */
export function client(baseUrl: string) {
  return async function call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (typeof body === 'string') headers['content-type'] ??= 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8');
    const parsed = text && response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : undefined;
    return { status: response.status, headers: response.headers, body: parsed as T, text, bytes };
  };
}
export type Call = ReturnType<typeof client>;

/** The error body of every service: `{error: {code, message, details?}, message}`, the two messages alike. */
export function expectErrorBody(body: unknown, code?: string): void {
  if (typeof body !== 'object' || body === null) throw new Error(`not a JSON error body: ${String(body)}`);
  const { error, message } = body as { error?: { code?: unknown; message?: unknown }; message?: unknown };
  if (typeof error?.code !== 'string' || typeof error.message !== 'string' || message !== error.message) {
    throw new Error(`not the error shape: ${JSON.stringify(body)}`);
  }
  if (code !== undefined && error.code !== code) throw new Error(`expected code ${code}, got ${error.code}`);
}

/** An error answer: the status, JSON, the error body (with `code` when given), and no stack trace. */
export function expectError(response: Pick<ApiResponse, 'status' | 'headers' | 'body' | 'text'>, status: number, code?: string): void {
  const describe = `${response.status} ${response.text}`;
  if (response.status !== status) throw new Error(`expected ${status}, got ${describe}`);
  if (!response.headers.get('content-type')?.includes('application/json')) throw new Error(`not JSON: ${describe}`);
  expectErrorBody(response.body, code);
  if (response.text.includes('    at ')) throw new Error(`a stack trace leaked: ${describe}`);
}

/** Polls until `check` stops throwing (or returns its value): tests wait for outcomes, never for a fixed time. */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 15_000, intervalMs = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** A throwaway HTTP server on port 0 that answers however the test likes (or never). */
export async function startFakeUpstream(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
