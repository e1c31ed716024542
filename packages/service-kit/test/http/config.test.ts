import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, env, loadConfig, serviceConfigFields } from '../../src/config/config.ts';
import { generateSigningKeyPair } from '../../src/auth/keys.ts';

const schema = z.object({
  PORT: env.port(8080),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  API_SECRET: z.string().min(1),
  JWT_PUBLIC_KEY: env.pem('PUBLIC'),
  CORS_ORIGINS: env.list(),
  FEATURE_X: env.boolean(false),
  LOG_LEVEL: env.logLevel(),
});

const { publicKey } = generateSigningKeyPair();
const valid = { DATABASE_URL: 'postgres://db:5432/app', API_SECRET: 's3cret', JWT_PUBLIC_KEY: publicKey };

function configError(source: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(schema, source);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('when the environment is valid, then it gives typed, defaulted and frozen config', () => {
    const config = loadConfig(schema, { ...valid, CORS_ORIGINS: 'https://a.example, https://b.example,', FEATURE_X: '1' });

    expect(config).toEqual({
      PORT: 8080,
      DATABASE_URL: 'postgres://db:5432/app',
      API_SECRET: 's3cret',
      JWT_PUBLIC_KEY: publicKey.trim(),
      CORS_ORIGINS: ['https://a.example', 'https://b.example'],
      FEATURE_X: true,
      LOG_LEVEL: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when a PEM comes with escaped newlines (one-line env var), then it is restored', () => {
    const config = loadConfig(schema, { ...valid, JWT_PUBLIC_KEY: publicKey.replace(/\n/g, '\\n') });
    expect(config.JWT_PUBLIC_KEY).toBe(publicKey.trim());
  });

  it('when a required variable is missing, then the error names it as not set', () => {
    const { API_SECRET: _omitted, ...rest } = valid;

    const error = configError(rest);

    expect(error.name).toBe('ConfigError');
    expect(error.problems).toEqual(['API_SECRET is required but not set']);
    expect(error.message).toContain('API_SECRET is required but not set');
  });

  it('when several variables are missing, then each is named', () => {
    const error = configError({});
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'DATABASE_URL is required but not set',
        'API_SECRET is required but not set',
        'JWT_PUBLIC_KEY is required but not set',
      ]),
    );
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://db/app'],
    ['DATABASE_URL', 'not a url'],
    ['JWT_PUBLIC_KEY', 'just-a-string'],
    ['FEATURE_X', 'yes'],
    ['LOG_LEVEL', 'loud'],
  ])('when %s is malformed (%s), then the error names that variable', (name, value) => {
    const error = configError({ ...valid, [name]: value });

    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(error.message).toContain(name);
  });

  it.each(['', '  '])('when PORT is set but empty (%j), then the default port is used, not a random one', (value) => {
    expect(loadConfig(schema, { ...valid, PORT: value }).PORT).toBe(8080);
  });

  it('when PORT is 0, then it stays 0 (any free port, as tests ask for)', () => {
    expect(loadConfig(schema, { ...valid, PORT: '0' }).PORT).toBe(0);
  });

  it('when a private key is given where a public one is expected, then it is refused', () => {
    const error = configError({ ...valid, JWT_PUBLIC_KEY: generateSigningKeyPair().privateKey });
    expect(error.problems[0]).toMatch(/^JWT_PUBLIC_KEY: must be a PEM public key/);
  });

  it('when the source is not given, then process.env is read', () => {
    const small = z.object({ CONFIG_TEST_ONLY_VAR: z.string() });
    process.env.CONFIG_TEST_ONLY_VAR = 'from-process';
    try {
      expect(loadConfig(small).CONFIG_TEST_ONLY_VAR).toBe('from-process');
    } finally {
      delete process.env.CONFIG_TEST_ONLY_VAR;
    }
  });
});

describe('BUS_RETRY_DELAYS_MS (every service with events)', () => {
  const services = z.object(serviceConfigFields);
  const base = { JWT_PUBLIC_KEY: publicKey };

  it('when it lists milliseconds, then the bus gets them in order; unset or empty, the bus keeps its default', () => {
    expect(loadConfig(services, { ...base, BUS_RETRY_DELAYS_MS: '50, 100,200' }).BUS_RETRY_DELAYS_MS).toEqual([50, 100, 200]);
    expect(loadConfig(services, base).BUS_RETRY_DELAYS_MS).toBeUndefined();
    expect(loadConfig(services, { ...base, BUS_RETRY_DELAYS_MS: ' ' }).BUS_RETRY_DELAYS_MS).toBeUndefined();
  });

  it('when one is not a positive whole number, then start-up stops naming the variable', () => {
    for (const bad of ['1000,soon', '0', '1.5', '100,,200']) {
      expect(() => loadConfig(services, { ...base, BUS_RETRY_DELAYS_MS: bad })).toThrow(/BUS_RETRY_DELAYS_MS/);
    }
  });
});
