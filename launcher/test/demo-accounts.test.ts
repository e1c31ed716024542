import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@canteen/service-kit';
import { describe, expect, it } from 'vitest';
import { demoMode } from '../src/demo-accounts.ts';

/** The environment the Docker image sets for its default command (its `ENV key=value …` lines). */
function imageEnvironment(): Record<string, string> {
  const dockerfile = readFileSync(path.resolve(import.meta.dirname, '../../Dockerfile'), 'utf8');
  const pairs = dockerfile
    .split('\n')
    .filter((line) => /^ENV\s/.test(line))
    .flatMap((line) => line.replace(/^ENV\s+/, '').split(/\s+/))
    .map((pair) => pair.split('=') as [string, string]);
  return Object.fromEntries(pairs);
}

describe('demo mode of the launcher', () => {
  it('when nothing is set, then demo data is on (a local trial) without a warning', () => {
    expect(demoMode({})).toEqual({ enabled: true });
  });

  it('when NODE_ENV=production (the image), then demo data is off unless asked for', () => {
    expect(demoMode({ NODE_ENV: 'production' })).toEqual({ enabled: false });
    expect(demoMode({ NODE_ENV: 'production', SEED_DEMO: 'false' })).toEqual({ enabled: false });
  });

  it('when the Docker image runs its default command, then it is production and demo data is off, bound to every interface', () => {
    const env = imageEnvironment();
    expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    expect(env.SEED_DEMO).toBeUndefined();
    expect(demoMode(env)).toEqual({ enabled: false });
  });

  it('when production asks for SEED_DEMO=true, then demo data is on and a warning names the public admin', () => {
    const mode = demoMode({ NODE_ENV: 'production', SEED_DEMO: 'TRUE' });
    expect(mode.enabled).toBe(true);
    expect(mode.warning).toMatch(/public passwords/i);
    expect(mode.warning).toMatch(/admin/i);
  });

  it('when SEED_DEMO=false outside production, then demo data is off', () => {
    expect(demoMode({ SEED_DEMO: 'false' })).toEqual({ enabled: false });
  });

  it('when SEED_DEMO is neither true nor false, then start-up refuses with the variable named', () => {
    expect(() => demoMode({ SEED_DEMO: 'yes please' })).toThrow(ConfigError);
    expect(() => demoMode({ SEED_DEMO: 'yes please' })).toThrow(/SEED_DEMO: must be true or false/);
  });
});
