import path from 'node:path';
import webpush from 'web-push';
import { z } from 'zod';
import { readOrCreateSecretFile } from './secret-file.ts';

/** The application server's identity towards the push services (RFC 8292). */
export interface VapidDetails {
  /** `mailto:` or `https:` contact the push service operator can reach. */
  subject: string;
  /** base64url, no padding: the uncompressed P-256 point (65 bytes) the browser subscribes with. */
  publicKey: string;
  /** base64url, no padding: the 32-byte private scalar. */
  privateKey: string;
}

export type VapidKeys = Omit<VapidDetails, 'subject'>;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const decodedBytes = (value: string): Buffer | undefined => (BASE64URL.test(value) ? Buffer.from(value, 'base64url') : undefined);

export function isVapidPublicKey(value: string): boolean {
  const bytes = decodedBytes(value);
  return bytes !== undefined && bytes.length === 65 && bytes[0] === 0x04;
}

export function isVapidPrivateKey(value: string): boolean {
  return decodedBytes(value)?.length === 32;
}

export function isVapidSubject(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'mailto:' && url.pathname.includes('@')) || (url.protocol === 'https:' && url.hostname !== '');
  } catch {
    return false;
  }
}

// `VAPID_PUBLIC_KEY=` in a compose or .env file means unset, not "an invalid key".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

/** The Web Push part of the BFF's environment, to spread into its config schema. */
export const pushConfigFields = {
  VAPID_PUBLIC_KEY: optional(
    z.string().trim().refine(isVapidPublicKey, 'must be a base64url uncompressed P-256 public key (65 bytes), as `web-push generate-vapid-keys` prints it'),
  ),
  VAPID_PRIVATE_KEY: optional(z.string().trim().refine(isVapidPrivateKey, 'must be a base64url P-256 private key (32 bytes)')),
  VAPID_SUBJECT: optional(z.string().trim().refine(isVapidSubject, 'must be a mailto: address or an https: URL')),
  /** Shared with the users service: the BFF reads subscriptions through its /internal routes. */
  SERVICE_TOKEN: optional(z.string().trim().min(32, 'must be at least 32 characters')),
};

export interface PushConfig {
  VAPID_PUBLIC_KEY?: string | undefined;
  VAPID_PRIVATE_KEY?: string | undefined;
  VAPID_SUBJECT?: string | undefined;
  SERVICE_TOKEN?: string | undefined;
}

/** Push is off when no VAPID key is set; half a configuration is a start-up error. */
export function pushConfigProblems(config: PushConfig): { path: keyof PushConfig; message: string }[] {
  const hasPublic = config.VAPID_PUBLIC_KEY !== undefined;
  const hasPrivate = config.VAPID_PRIVATE_KEY !== undefined;
  if (!hasPublic && !hasPrivate) return [];
  const problems: { path: keyof PushConfig; message: string }[] = [];
  if (!hasPublic) problems.push({ path: 'VAPID_PUBLIC_KEY', message: 'is required with VAPID_PRIVATE_KEY (set both, or neither to turn Web Push off)' });
  if (!hasPrivate) problems.push({ path: 'VAPID_PRIVATE_KEY', message: 'is required with VAPID_PUBLIC_KEY (set both, or neither to turn Web Push off)' });
  if (config.VAPID_SUBJECT === undefined) {
    problems.push({ path: 'VAPID_SUBJECT', message: 'is required with the VAPID keys: a mailto: or https: contact for the push services' });
  }
  if (config.SERVICE_TOKEN === undefined) {
    problems.push({ path: 'SERVICE_TOKEN', message: "is required with the VAPID keys: the BFF reads push subscriptions from the users service's internal routes" });
  }
  return problems;
}

/** For the config schema: `.superRefine(refinePushConfig)`. */
export function refinePushConfig(config: PushConfig, ctx: z.RefinementCtx): void {
  for (const problem of pushConfigProblems(config)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
}

export interface PushSettings {
  vapid: VapidDetails;
  serviceToken: string;
}

/** The settings push runs with, or undefined when it is off. Assumes `refinePushConfig` passed. */
export function pushSettingsFrom(config: PushConfig): PushSettings | undefined {
  const { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT, SERVICE_TOKEN } = config;
  if (!VAPID_PUBLIC_KEY || !VAPID_PRIVATE_KEY || !VAPID_SUBJECT || !SERVICE_TOKEN) return undefined;
  return { vapid: { publicKey: VAPID_PUBLIC_KEY, privateKey: VAPID_PRIVATE_KEY, subject: VAPID_SUBJECT }, serviceToken: SERVICE_TOKEN };
}

const vapidFileSchema = z.object({
  publicKey: z.string().refine(isVapidPublicKey, 'publicKey is not a P-256 public key'),
  privateKey: z.string().refine(isVapidPrivateKey, 'privateKey is not a P-256 private key'),
});

/**
 * All-in-one mode: the VAPID key pair is made once, on first run, into `<dir>/vapid.json`
 * (owner-only), and read back afterwards. It must never change by itself: browsers
 * subscribed with the public key, and a new pair orphans every subscription.
 */
export function ensureVapidKeys(dir: string): VapidKeys {
  return readOrCreateSecretFile(
    path.join(dir, 'vapid.json'),
    () => {
      const { publicKey, privateKey } = webpush.generateVAPIDKeys();
      return `${JSON.stringify({ publicKey, privateKey }, null, 2)}\n`;
    },
    (text) => vapidFileSchema.parse(JSON.parse(text)),
  );
}
