import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManyRequests } from '@canteen/service-kit';

export interface LoginThrottleSettings {
  /** Failed logins allowed per account from one client address in `windowSeconds`. */
  perAccount: number;
  /**
   * Failed logins allowed per account from all client addresses together; past it only
   * addresses that signed in to that account before may still try (a distributed guess).
   */
  perAccountAllClients: number;
  /** Login attempts allowed per client address in `windowSeconds`. */
  perClient: number;
  windowSeconds: number;
  /** How long an address that signed in to an account stays known to it. */
  knownClientSeconds?: number;
}

/** One attempt's reservation: a failure keeps what it took; a success gives it back. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

/**
 * Slows password guessing without letting a stranger lock the owner out. Each attempt takes
 * its points before the password is checked (an atomic consume), so concurrent guesses
 * cannot all slip past the check; a right password gives them back. Failures count per
 * account *and client address*, so wrong guesses from elsewhere never block the owner's own
 * address; an account-wide budget (much higher) stops a guess spread over many addresses,
 * and even then an address the owner signed in from keeps working. Counters live in this
 * process; with several replicas each keeps its own, which still bounds an attacker to N ×
 * the limit.
 */
export function createLoginThrottle(settings: LoginThrottleSettings) {
  const duration = settings.windowSeconds;
  const byPair = new RateLimiterMemory({ points: settings.perAccount, duration });
  const byAccount = new RateLimiterMemory({ points: settings.perAccountAllClients, duration });
  const byClient = new RateLimiterMemory({ points: settings.perClient, duration });
  // 14 days: the limiter keeps each record with a timer, and timers cannot run past ~24.8 days.
  const knownSeconds = Math.min(settings.knownClientSeconds ?? 14 * 86_400, 20 * 86_400);
  const known = new RateLimiterMemory({ points: 1, duration: knownSeconds });

  const refuse = (res: RateLimiterRes) => {
    const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return tooManyRequests('Too many login attempts, try again later', seconds);
  };
  const take = async (limiter: RateLimiterMemory, key: string) => {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw refuse(err);
      throw err;
    }
  };

  return {
    /** Reserves this attempt's points, or refuses when a budget is used up. */
    async begin(email: string, client: string): Promise<LoginAttempt> {
      const pair = `${email}\n${client}`;
      await take(byClient, client);
      await take(byPair, pair);
      const trusted = (await known.get(pair)) !== null;
      if (!trusted) {
        try {
          await take(byAccount, email);
        } catch (err) {
          await byPair.reward(pair, 1);
          throw err;
        }
      }
      return {
        async succeeded() {
          await byPair.delete(pair);
          if (!trusted) await byAccount.reward(email, 1);
          await known.set(pair, 1, knownSeconds);
        },
        // The points were taken up front: a failure keeps them.
        async failed() {},
      };
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
