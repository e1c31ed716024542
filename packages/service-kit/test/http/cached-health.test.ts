import { describe, expect, it } from 'vitest';
import { cachedHealthChecks } from '../../src/http/health.ts';

describe('cached health checks (a public /health)', () => {
  it('when many callers ask within the interval, then the dependencies are checked once; after it, again', async () => {
    let probes = 0;
    const checks = cachedHealthChecks({ db: async () => ({ status: probes++ >= 0 ? 'up' : 'down' }) }, 50);

    const verdicts = await Promise.all(Array.from({ length: 20 }, () => checks()));
    expect(probes).toBe(1);
    expect(verdicts.every((verdict) => verdict.healthy)).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 60));
    await checks();
    expect(probes).toBe(2);
  });
});
