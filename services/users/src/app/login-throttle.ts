import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManyRequests } from '@canteen/service-kit';

export interface LoginThrottleSettings {
  /** Failed logins allowed per account in `windowSeconds`. */
  perAccount: number;
  /** Login attempts allowed per client address in `windowSeconds`. */
  perClient: number;
  windowSeconds: number;
}

/**
 * Slows password guessing two ways: per account (a distributed guess at one student) and per
 * client (one machine trying many accounts). Counters live in this process; with several
 * replicas each keeps its own, which still bounds an attacker to N × the limit.
 */
export function createLoginThrottle(settings: LoginThrottleSettings) {
  const byAccount = new RateLimiterMemory({ points: settings.perAccount, duration: settings.windowSeconds });
  const byClient = new RateLimiterMemory({ points: settings.perClient, duration: settings.windowSeconds });

  const refuse = (res: RateLimiterRes) => {
    const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return tooManyRequests('Too many login attempts, try again later', seconds);
  };

  return {
    /** Counts an attempt from this client, and refuses when either limit is used up. */
    async beforeAttempt(email: string, client: string) {
      const account = await byAccount.get(email);
      if (account && account.remainingPoints <= 0) throw refuse(account);
      try {
        await byClient.consume(client);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw refuse(err);
        throw err;
      }
    },
    async failed(email: string) {
      await byAccount.penalty(email, 1);
    },
    async succeeded(email: string) {
      await byAccount.delete(email);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
