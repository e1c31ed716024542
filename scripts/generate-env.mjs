// Writes a .env for docker compose with fresh secrets (JWT signing keys, first admin's
// password). Run once: `node scripts/generate-env.mjs`. Never commit the .env it writes.
import { createECDH, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? '.env';
if (existsSync(file)) {
  process.stderr.write(`${file} exists; remove it first to make new secrets\n`);
  process.exit(1);
}
const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const oneLine = (pem) => `"${pem.trim().replace(/\n/g, '\\n')}"`;
const adminPassword = randomBytes(12).toString('base64url');
// Web Push (VAPID): a P-256 key pair in the base64url forms browsers and web-push expect.
const vapid = createECDH('prime256v1');
vapid.generateKeys();
writeFileSync(
  file,
  [
    `JWT_PRIVATE_KEY=${oneLine(privateKey)}`,
    `JWT_PUBLIC_KEY=${oneLine(publicKey)}`,
    'ADMIN_EMAIL=admin@canteen.local',
    `ADMIN_PASSWORD=${adminPassword}`,
    `POSTGRES_PASSWORD=${randomBytes(12).toString('base64url')}`,
    `RABBITMQ_PASSWORD=${randomBytes(12).toString('base64url')}`,
    `MARIADB_PASSWORD=${randomBytes(12).toString('base64url')}`,
    `VAPID_PUBLIC_KEY=${vapid.getPublicKey('base64url', 'uncompressed')}`,
    // Padded to 32 bytes: a key with leading zero bytes comes out shorter.
    `VAPID_PRIVATE_KEY=${Buffer.concat([Buffer.alloc(32), vapid.getPrivateKey()]).subarray(-32).toString('base64url')}`,
    'VAPID_SUBJECT=mailto:admin@canteen.local',
    `SERVICE_TOKEN=${randomBytes(32).toString('base64url')}`,
    `METRICS_TOKEN=${randomBytes(32).toString('base64url')}`,
    '',
  ].join('\n'),
  { mode: 0o600 },
);
process.stdout.write(`Wrote ${file}. First admin: admin@canteen.local / ${adminPassword}\n`);
