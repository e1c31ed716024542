import path from 'node:path';
import { ConfigError, generateSigningKeyPair, silentLogger } from '@canteen/service-kit';
import { describe, expect, it } from 'vitest';
import { createPaymentsService, loadPaymentsConfig } from '../src/service.ts';

const keys = generateSigningKeyPair();

describe('payments service configuration', () => {
  it('when only the public key is set, then the original defaults apply', () => {
    const config = loadPaymentsConfig({ JWT_PUBLIC_KEY: keys.publicKey });
    expect(config).toMatchObject({ PAYMENTS_PORT: 8085, CURRENCY: 'INR', TIMEZONE: 'Asia/Kolkata', DATA_DIR: './data' });
    expect(config.PAYMENTS_DB_PATH).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when a setting is wrong, then loading fails naming the variable', () => {
    const attempt = (env: Record<string, string>) => () => loadPaymentsConfig({ JWT_PUBLIC_KEY: keys.publicKey, ...env });
    expect(attempt({ TIMEZONE: 'Mars/Olympus' })).toThrow(/TIMEZONE/);
    expect(attempt({ CURRENCY: 'rupees' })).toThrow(/CURRENCY/);
    expect(attempt({ PAYMENTS_PORT: '70000' })).toThrow(/PAYMENTS_PORT/);
    expect(attempt({ AMQP_URL: 'http://broker' })).toThrow(/AMQP_URL/);
    expect(() => loadPaymentsConfig({})).toThrow(/JWT_PUBLIC_KEY is required/);
  });

  it('when the service runs on its own without AMQP_URL, then it refuses to start with a clear message', async () => {
    const config = loadPaymentsConfig({ JWT_PUBLIC_KEY: keys.publicKey, PAYMENTS_DB_PATH: path.join('/nonexistent', 'never-opened.sqlite') });
    const attempt = createPaymentsService(config, { logger: silentLogger() });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/AMQP_URL is required/);
  });
});
