/**
 * The load generator's HTTP client: node:http over kept-alive connections. The generator shares
 * the machine's two cores with the system it measures, and Node 20's fetch() costs it about
 * three times the CPU per request (measured here: ~930 µs against ~340 µs for a small POST at
 * 300/s), CPU the system under test then lacks. Students' phones do not run on the canteen's
 * server; the cheaper the generator, the closer the figures are to that.
 */
import http from 'node:http';

export interface JsonResponse {
  status: number;
  /** The parsed JSON body, or `{}` when the body is not JSON. */
  body: unknown;
}

export interface JsonRequest {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  timeoutMs: number;
}

/** A failed request's reason, e.g. `ECONNREFUSED` or `timeout after 5000 ms`. */
export class RequestFailed extends Error {
  override name = 'RequestFailed';
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512, scheduling: 'lifo' });

export function requestJson(url: string, request: JsonRequest): Promise<JsonResponse> {
  const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
  const headers: http.OutgoingHttpHeaders = { ...request.headers };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = payload.length;
  }
  return new Promise<JsonResponse>((resolve, reject) => {
    const call = http.request(url, { method: request.method ?? 'GET', headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        let body: unknown = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          // not JSON: the status says what happened
        }
        resolve({ status: response.statusCode ?? 0, body });
      });
      response.on('error', (err) => fail(err));
    });
    const timer = setTimeout(() => fail(new RequestFailed(`timeout after ${request.timeoutMs} ms`)), request.timeoutMs);
    function fail(err: Error & { code?: string }) {
      clearTimeout(timer);
      call.destroy();
      reject(err instanceof RequestFailed ? err : new RequestFailed(err.code ?? err.message));
    }
    call.on('error', fail);
    call.end(payload);
  });
}
