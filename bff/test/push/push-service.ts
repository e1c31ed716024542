/**
 * A Web Push service on 127.0.0.1 for tests, speaking just enough of RFC 8030: it checks the
 * VAPID header (RFC 8292) and decrypts the aes128gcm body (RFC 8188/8291) with the keys the
 * test's own "browser" made, so a passing test proves the protocol end to end.
 */
import { execFileSync } from 'node:child_process';
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify, type ECDH } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TlsMaterial {
  cert: string;
  key: string;
}

/** A self-signed EC P-256 certificate for IP 127.0.0.1, made with the openssl CLI. */
export function makeCertificate(): TlsMaterial {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'push-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
        '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
    return { cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'), key: readFileSync(path.join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The browser side of a subscription: its ECDH key pair and auth secret stay in the test. */
export interface TestSubscriber {
  subscription: { endpoint: string; expirationTime: number | null; keys: { p256dh: string; auth: string } };
  ecdh: ECDH;
  authSecret: Buffer;
}

export function makeSubscriber(endpoint: string): TestSubscriber {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    ecdh,
    authSecret,
    subscription: {
      endpoint,
      expirationTime: null,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
    },
  };
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
}

/**
 * Checks `Authorization: vapid t=<jwt>, k=<public key>`: an ES256 JWT signed by the key in `k`
 * (JOSE signatures are r||s, hence `ieee-p1363`). Returns the key and claims; throws otherwise.
 */
export function verifyVapid(authorization: string | undefined): { publicKey: string; claims: VapidClaims } {
  const match = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) throw new Error(`not a vapid Authorization header: ${authorization}`);
  const [, jwt, k] = match as unknown as [string, string, string];
  const [headerPart, claimsPart, signaturePart] = jwt.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
  if (header.alg !== 'ES256') throw new Error(`JWT alg is ${header.alg}, not ES256`);
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 0x04) throw new Error('k is not an uncompressed P-256 point');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const signature = Buffer.from(signaturePart, 'base64url');
  if (signature.length !== 64) throw new Error(`ES256 signature is ${signature.length} bytes, not 64`);
  const ok = verify('sha256', Buffer.from(`${headerPart}.${claimsPart}`), { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (!ok) throw new Error('VAPID JWT signature does not verify');
  return { publicKey: k, claims: JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8')) as VapidClaims };
}

/**
 * Decrypts an aes128gcm body as the browser would. RFC 8188 header: salt(16) | rs(4) |
 * idlen(1) | keyid, where Web Push puts the sender's ephemeral public key in keyid; RFC 8291
 * keys: IKM = HKDF(auth secret, ECDH secret, "WebPush: info"\0 | ua_public | as_public), then
 * CEK and nonce = HKDF(salt, IKM, "Content-Encoding: aes128gcm|nonce"\0).
 */
export function decryptAes128gcm(body: Buffer, subscriber: TestSubscriber): Buffer {
  if (body.length < 21) throw new Error('body shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const senderPublic = body.subarray(21, 21 + idlen);
  if (idlen !== 65) throw new Error(`keyid is ${idlen} bytes, not a P-256 public key`);
  const ciphertext = body.subarray(21 + idlen);

  const ecdhSecret = subscriber.ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), subscriber.ecdh.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, subscriber.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const baseNonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));

  const plain: Buffer[] = [];
  const records = Math.ceil(ciphertext.length / rs);
  for (let seq = 0; seq < records; seq++) {
    const record = ciphertext.subarray(seq * rs, (seq + 1) * rs);
    const nonce = Buffer.from(baseNonce);
    // The record sequence number is XORed into the nonce's low bytes (RFC 8188 §2.3).
    for (let i = 0; i < 4; i++) nonce[11 - i]! ^= (seq >>> (8 * i)) & 0xff;
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    const delimiter = padded[end];
    const last = seq === records - 1;
    if (delimiter !== (last ? 0x02 : 0x01)) throw new Error(`record ${seq} has padding delimiter ${delimiter}`);
    plain.push(padded.subarray(0, end));
  }
  return Buffer.concat(plain);
}

export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  status: number;
}

export type Answer = { status: number; headers?: Record<string, string> };

export interface LocalPushService {
  origin: string;
  /** The CA to trust: pass `new https.Agent({ ca })` to the sender. */
  ca: string;
  endpoint(name: string): string;
  /** Answers for `name`, used in order; the last one repeats. Default: 201. */
  script(name: string, answers: Answer[]): void;
  received(name?: string): ReceivedPush[];
  close(): Promise<void>;
}

export async function startPushService(tls: TlsMaterial = makeCertificate()): Promise<LocalPushService> {
  const scripts = new Map<string, Answer[]>();
  const received: ReceivedPush[] = [];
  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const name = decodeURIComponent((req.url ?? '').replace(/^\/push\//, ''));
      const answers = scripts.get(name) ?? [];
      const answer = (answers.length > 1 ? answers.shift() : answers[0]) ?? { status: 201 };
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), status: answer.status });
      res.writeHead(answer.status, answer.headers ?? {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `https://127.0.0.1:${port}`;
  return {
    origin,
    ca: tls.cert,
    endpoint: (name) => `${origin}/push/${encodeURIComponent(name)}`,
    script: (name, answers) => scripts.set(name, [...answers]),
    received: (name) => (name === undefined ? [...received] : received.filter((r) => r.path === `/push/${encodeURIComponent(name)}`)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An in-memory subscription store, standing in for the users service. */
export function fakeSubscriptions(initial: Record<number, TestSubscriber['subscription'][]> = {}) {
  const byUser = new Map<number, TestSubscriber['subscription'][]>(Object.entries(initial).map(([id, subs]) => [Number(id), [...subs]]));
  const removed: string[] = [];
  return {
    removed,
    add(userId: number, subscription: TestSubscriber['subscription']) {
      byUser.set(userId, [...(byUser.get(userId) ?? []), subscription]);
    },
    endpoints: (userId: number) => (byUser.get(userId) ?? []).map((s) => s.endpoint),
    async list(userId: number) {
      return [...(byUser.get(userId) ?? [])];
    },
    async remove(endpoint: string) {
      removed.push(endpoint);
      for (const [userId, subs] of byUser) byUser.set(userId, subs.filter((s) => s.endpoint !== endpoint));
    },
  };
}
