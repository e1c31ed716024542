/** A fresh Idempotency-Key: a UUID where the platform has one (every browser over HTTPS or localhost). */
export function newIdempotencyKey(random: () => number = Math.random): string {
  const cryptoApi = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (cryptoApi?.randomUUID) return cryptoApi.randomUUID();
  // Plain HTTP on a LAN address has no randomUUID: good enough to tell one order from another.
  return `k-${Date.now().toString(36)}-${Array.from({ length: 4 }, () => Math.floor(random() * 0xffffffff).toString(36)).join('')}`;
}
