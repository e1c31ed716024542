import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { ConfigError, loadConfig } from '@canteen/service-kit';
import { z } from 'zod';
import { ensureServiceToken } from '../../src/push/service-token.ts';
import { ensureVapidKeys, isVapidPublicKey, pushConfigFields, pushSettingsFrom, refinePushConfig } from '../../src/push/vapid.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vapid-test-'));
  dirs.push(dir);
  return path.join(dir, 'keys');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ensureVapidKeys', () => {
  it('when run the first time, then it makes a valid pair into vapid.json readable by the owner only; later runs read the same pair', () => {
    const dir = tempDir();

    const first = ensureVapidKeys(dir);
    const second = ensureVapidKeys(dir);

    expect(second).toEqual(first);
    expect(isVapidPublicKey(first.publicKey)).toBe(true);
    const file = path.join(dir, 'vapid.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
  });

  it('when vapid.json is damaged, then it refuses instead of silently making new keys', () => {
    const dir = tempDir();
    ensureVapidKeys(dir);
    writeFileSync(path.join(dir, 'vapid.json'), '{"publicKey": "nope"}');

    expect(() => ensureVapidKeys(dir)).toThrow(/vapid\.json is not a valid secret file/);
  });
});

describe('ensureServiceToken', () => {
  it('when run twice, then it gives the same long random token from a file readable by the owner only', () => {
    const dir = tempDir();

    const token = ensureServiceToken(dir);

    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(ensureServiceToken(dir)).toBe(token);
    expect(statSync(path.join(dir, 'service-token')).mode & 0o777).toBe(0o600);
  });
});

describe('push config', () => {
  const schema = z.object(pushConfigFields).superRefine(refinePushConfig);
  const keys = webpush.generateVAPIDKeys();
  const full = {
    VAPID_PUBLIC_KEY: keys.publicKey,
    VAPID_PRIVATE_KEY: keys.privateKey,
    VAPID_SUBJECT: 'mailto:ops@canteen.example',
    SERVICE_TOKEN: 'x'.repeat(32),
  };

  it('when nothing is set (or only empty values), then push is off', () => {
    expect(pushSettingsFrom(loadConfig(schema, {}))).toBeUndefined();
    expect(pushSettingsFrom(loadConfig(schema, { VAPID_PUBLIC_KEY: '', VAPID_PRIVATE_KEY: ' ' }))).toBeUndefined();
  });

  it('when everything is set, then push is on with those settings', () => {
    expect(pushSettingsFrom(loadConfig(schema, full))).toEqual({
      vapid: { publicKey: keys.publicKey, privateKey: keys.privateKey, subject: full.VAPID_SUBJECT },
      serviceToken: full.SERVICE_TOKEN,
    });
  });

  it.each([
    ['only the public key', { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_SUBJECT: full.VAPID_SUBJECT, SERVICE_TOKEN: full.SERVICE_TOKEN }, 'VAPID_PRIVATE_KEY'],
    ['no subject', { ...full, VAPID_SUBJECT: undefined }, 'VAPID_SUBJECT'],
    ['an http subject', { ...full, VAPID_SUBJECT: 'http://canteen.example' }, 'VAPID_SUBJECT'],
    ['no service token', { ...full, SERVICE_TOKEN: undefined }, 'SERVICE_TOKEN'],
    ['a short service token', { ...full, SERVICE_TOKEN: 'short' }, 'SERVICE_TOKEN'],
    ['a public key that is not a P-256 point', { ...full, VAPID_PUBLIC_KEY: keys.privateKey }, 'VAPID_PUBLIC_KEY'],
  ])('when the environment has %s, then start-up fails naming %s', (_case, env, variable) => {
    expect(() => loadConfig(schema, env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(schema, env as NodeJS.ProcessEnv)).toThrow(variable);
  });
});
