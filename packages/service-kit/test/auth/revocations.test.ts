import amqplib from 'amqplib';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_SESSIONS_REVOKED } from '@canteen/contracts';
import { createTokenSigner, createTokenVerifier, InvalidTokenError, type TokenSigner, type TokenVerifier } from '../../src/auth/jwt.ts';
import { generateSigningKeyPair } from '../../src/auth/keys.ts';
import { createRevocationList, subscribeSessionRevocations, type RevocationList } from '../../src/auth/revocations.ts';
import { createAmqpBus } from '../../src/bus/amqp.bus.ts';
import type { EventBus } from '../../src/bus/bus.ts';
import { createInProcessBus } from '../../src/bus/in-process.bus.ts';
import { DEFAULT_RETRY_DELAYS_MS, queueFamily } from '../../src/bus/index.ts';
import { checkInfra, testUrls } from '../../src/testing/infra.ts';
import { testLogger, unique, waitFor } from '../bus/helpers.ts';

const amqp = await checkInfra('RabbitMQ', testUrls.amqp);
const keys = generateSigningKeyPair();
const nowSeconds = () => Math.floor(Date.now() / 1000);
const revokedEvent = (userId: string, notBefore: number) => ({
  event_id: randomUUID(),
  event_type: USER_SESSIONS_REVOKED,
  schema_version: 1,
  timestamp: new Date().toISOString(),
  user_id: userId,
  not_before: notBefore,
  reason: 'deactivated',
});

async function outcome(verifier: TokenVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
    return 'ok';
  } catch (err) {
    if (err instanceof InvalidTokenError) return err.reason;
    throw err;
  }
}

describe('the revocation list', () => {
  it('when a user is revoked, then only their tokens issued before the moment count as revoked', () => {
    const list = createRevocationList();
    list.revoke('7', 1_000);
    expect(list.isRevoked('7', 999)).toBe(true);
    expect(list.isRevoked('7', 1_000)).toBe(false);
    expect(list.isRevoked('8', 999)).toBe(false);
  });

  it('when an older moment arrives after a newer one (events out of order), then the newer one stays', () => {
    const list = createRevocationList();
    const seen: number[] = [];
    list.onRevoked((_user, moment) => seen.push(moment));
    list.revoke('7', 2_000);
    list.revoke('7', 1_000);
    expect(list.isRevoked('7', 1_500)).toBe(true);
    expect(seen).toEqual([2_000]);
  });
});

describe('verifying a token of a revoked user', () => {
  let signer: TokenSigner;
  let list: RevocationList;
  let verifier: TokenVerifier;
  beforeAll(async () => {
    signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 600 });
  });

  it('when the token was remembered by the cache before the revocation, then it is refused afterwards', async () => {
    list = createRevocationList();
    verifier = await createTokenVerifier(keys.publicKey, { revocations: list });
    const { token } = await signer.sign({ userId: '42', email: 'a@example.com', role: 'CUSTOMER' });
    expect(await outcome(verifier, token)).toBe('ok');
    list.revoke('42', nowSeconds() + 1);
    expect(await outcome(verifier, token)).toBe('revoked');
    const other = await signer.sign({ userId: '43', email: 'b@example.com', role: 'CUSTOMER' });
    expect(await outcome(verifier, other.token)).toBe('ok');
  });

  it('when the token is issued at or after the moment, then it works', async () => {
    list = createRevocationList();
    verifier = await createTokenVerifier(keys.publicKey, { revocations: list, cacheSize: 0 });
    list.revoke('42', nowSeconds());
    const { token } = await signer.sign({ userId: '42', email: 'a@example.com', role: 'CUSTOMER' });
    expect(await outcome(verifier, token)).toBe('ok');
  });
});

/** The same flow on both buses: an event reaches the list and the verifier refuses at once. */
function revocationOverBus(name: string, open: () => Promise<{ bus: EventBus; dispose(queue: string): Promise<void> }>) {
  describe(`user.sessions_revoked on the ${name}`, () => {
    const queue = `test.sessions-revoked.${unique()}`;
    let opened: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened.dispose(queue);
    });

    it('when the event is published, then a token the verifier had accepted is refused within a bound and a new one works', async () => {
      const signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 600 });
      const list = createRevocationList();
      const verifier = await createTokenVerifier(keys.publicKey, { revocations: list });
      await subscribeSessionRevocations(opened.bus, { queue, list, logger: testLogger() });
      const old = await signer.sign({ userId: '42', email: 'a@example.com', role: 'CUSTOMER' });
      expect(await outcome(verifier, old.token)).toBe('ok');

      // The users service's moment: the next whole second, so a token signed after it counts.
      const notBefore = nowSeconds() + 1;
      await opened.bus.publish(USER_SESSIONS_REVOKED, revokedEvent('42', notBefore), { messageId: randomUUID() });
      await waitFor(async () => (await outcome(verifier, old.token)) === 'revoked', 'the old token to be refused', { timeoutMs: 5_000 });

      await waitFor(() => nowSeconds() >= notBefore, 'the moment to pass');
      const fresh = await signer.sign({ userId: '42', email: 'a@example.com', role: 'CUSTOMER' });
      expect(await outcome(verifier, fresh.token)).toBe('ok');
    });
  });
}

revocationOverBus('in-process bus', async () => {
  const bus = createInProcessBus({ logger: testLogger() });
  return { bus, dispose: () => bus.close() };
});

describe.skipIf(!amqp.available)('user.sessions_revoked reaching every replica (RabbitMQ)', () => {
  const exchange = `canteen.test.${unique()}`;
  const buses: EventBus[] = [];
  afterAll(async () => {
    for (const bus of buses) await bus.close();
    const connection = await amqplib.connect(testUrls.amqp);
    const channel = await connection.createChannel();
    await channel.deleteExchange(exchange).catch(() => undefined);
    await connection.close();
  });

  it('when two replicas of a service listen under the same queue name, then both refuse the revoked token, and their queues go with them', async () => {
    const signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 600 });
    const queue = `test.sessions-revoked.${unique()}`;
    const replicas = await Promise.all([1, 2].map(async (n) => {
      const bus = await createAmqpBus({ url: testUrls.amqp, logger: testLogger(), exchange, connectionName: `revocations-replica-${n}` });
      buses.push(bus);
      const list = createRevocationList();
      await subscribeSessionRevocations(bus, { queue, list, logger: testLogger() });
      return { bus, verifier: await createTokenVerifier(keys.publicKey, { revocations: list }) };
    }));
    const old = await signer.sign({ userId: '77', email: 'c@example.com', role: 'CUSTOMER' });
    await replicas[0]!.bus.publish(USER_SESSIONS_REVOKED, revokedEvent('77', nowSeconds() + 1), { messageId: randomUUID() });
    for (const [n, replica] of replicas.entries()) {
      await waitFor(async () => (await outcome(replica.verifier, old.token)) === 'revoked', `replica ${n + 1} to refuse the old token`, { timeoutMs: 5_000 });
    }
    // Nothing durable under the shared name: a replica that stops leaves no queue collecting events.
    const connection = await amqplib.connect(testUrls.amqp);
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    await expect(channel.checkQueue(queue)).rejects.toThrow(/404|NOT_FOUND/);
    await connection.close().catch(() => undefined);
  });
});

describe.skipIf(!amqp.available)('on RabbitMQ', () => {
  const exchange = `canteen.test.${unique()}`;
  revocationOverBus('AMQP bus', async () => {
    const bus = await createAmqpBus({ url: testUrls.amqp, logger: testLogger(), exchange, connectionName: 'revocations-test' });
    return {
      bus,
      async dispose(queue) {
        await bus.close();
        const connection = await amqplib.connect(testUrls.amqp);
        for (const name of queueFamily(queue, DEFAULT_RETRY_DELAYS_MS)) {
          const channel = await connection.createChannel();
          channel.on('error', () => undefined);
          await channel.deleteQueue(name).catch(() => undefined);
          await channel.close().catch(() => undefined);
        }
        const channel = await connection.createChannel();
        await channel.deleteExchange(exchange).catch(() => undefined);
        await connection.close();
      },
    };
  });
});
