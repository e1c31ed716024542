import { PushSubscriptionSchema } from '@canteen/contracts';
import type { Logger } from '@canteen/service-kit';
import { z } from 'zod';
import type { PushSubscriptionSource, PushTarget } from './push-sender.ts';
import { SERVICE_TOKEN_HEADER } from './service-token.ts';

export interface UsersInternalClientOptions {
  /** The users service, e.g. `http://127.0.0.1:8081`. */
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
  logger: Logger;
}

const listSchema = z.object({ subscriptions: z.array(z.unknown()) });

/**
 * Push subscriptions over the users service's `/internal` routes, authenticated by the
 * shared service token. Every call has a timeout and any failure throws, so the event that
 * needed the call is redelivered rather than silently dropped.
 */
export function createUsersInternalClient(options: UsersInternalClientOptions): PushSubscriptionSource {
  const base = options.baseUrl.replace(/\/$/, '');
  const logger = options.logger.child({ component: 'users-internal-client' });

  async function request(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          [SERVICE_TOKEN_HEADER]: options.serviceToken,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      const name = (err as Error).name;
      const why = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${options.timeoutMs} ms` : (err as Error).message;
      throw new Error(`users service ${method} ${path.split('?')[0]} failed: ${why}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`users service ${method} ${path} answered ${response.status}`);
    }
    return response;
  }

  return {
    async list(userId) {
      const response = await request('GET', `/internal/users/${encodeURIComponent(String(userId))}/push-subscriptions`);
      const { subscriptions } = listSchema.parse(await response.json());
      const targets: PushTarget[] = [];
      // One malformed row must not block the user's other devices (nor the event).
      for (const row of subscriptions) {
        const parsed = PushSubscriptionSchema.safeParse(row);
        if (parsed.success) targets.push({ ...parsed.data, expirationTime: parsed.data.expirationTime ?? null });
        else logger.warn({ userId }, 'skipping a push subscription that does not parse');
      }
      return targets;
    },
    async remove(endpoint) {
      const response = await request('DELETE', '/internal/push-subscriptions', { endpoint });
      await response.body?.cancel();
    },
  };
}
