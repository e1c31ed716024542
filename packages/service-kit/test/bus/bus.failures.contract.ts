import { describe, expect, it } from 'vitest';
import type { BusMessage } from '../../src/bus/bus.ts';
import { PoisonMessageError, type DeadLetter } from '../../src/bus/failure.ts';
import { busUnderTest, TEST_RETRY_DELAYS_MS, type MakeBus } from './bus.contract.ts';
import { newId, waitFor } from './helpers.ts';

/**
 * What both adapters do with a failing handler (issue 16): a transient failure is retried on
 * the schedule and only then dead-lettered; a poison message is dead-lettered at once; dead
 * letters keep their error, stay put when listed, and go back to their own queue when redriven.
 */
export function busFailureContract(name: string, makeBus: MakeBus): void {
  describe(`${name} tells transient failures from poison and redrives dead letters`, () => {
    const { bus, queueName, key, subscribe, publish } = busUnderTest(makeBus);
    const deadLettersOf = async (queue: string, count: number): Promise<DeadLetter[]> => {
      let dead: DeadLetter[] = [];
      await waitFor(async () => (dead = await bus().listDeadLetters(queue)).length >= count, `${count} dead letter(s) in ${queue}.dead`);
      return dead;
    };

    it('when a handler keeps failing with a transient error, then it is retried after each delay and then dead-lettered with its error while others flow', async () => {
      const queue = queueName('transient');
      const failing = newId();
      const counts: number[] = [];
      const handled: string[] = [];
      await subscribe(queue, [key('payment.#')], async (m) => {
        if (m.messageId !== failing) return void handled.push(m.messageId);
        counts.push(m.deliveryCount);
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
      });
      await publish(key('payment.success'), { order_id: 7 }, failing);
      const others = [await publish(key('payment.success')), await publish(key('payment.failed'))];

      const [dead] = await deadLettersOf(queue, 1);
      expect(dead).toMatchObject({
        queue,
        messageId: failing,
        routingKey: key('payment.success'),
        body: { order_id: 7 },
        reason: 'retries-exhausted',
        attempts: TEST_RETRY_DELAYS_MS.length + 1,
      });
      expect(dead!.error).toContain('ECONNREFUSED');
      expect(typeof dead!.deadAt).toBe('string');
      // One first delivery and one per delay: nothing was dead-lettered before the schedule ran out.
      expect(counts).toEqual([1, 2, 3]);
      await waitFor(() => others.every((id) => handled.includes(id)), 'the other messages');
    });

    it('when a handler fails transiently and then recovers, then the message is handled and nothing is dead-lettered', async () => {
      const queue = queueName('recovers');
      const seen: BusMessage[] = [];
      await subscribe(queue, [key('order.created')], async (m) => {
        seen.push(m);
        if (m.deliveryCount < 3) throw new Error('Deadlock found when trying to get lock');
      });
      const id = await publish(key('order.created'), { n: 1 });

      await waitFor(() => seen.length === 3, 'the third delivery');
      expect(seen.map((m) => [m.messageId, m.routingKey, m.deliveryCount])).toEqual([
        [id, key('order.created'), 1],
        [id, key('order.created'), 2],
        [id, key('order.created'), 3],
      ]);
      expect(seen[2]!.body).toEqual({ n: 1 });
      expect(await bus().countDeadLetters(queue)).toBe(0);
    });

    it('when a handler says a message cannot succeed (retryable false or a schema error), then it is dead-lettered after one delivery while others flow', async () => {
      const queue = queueName('poison');
      const explicit = newId();
      const schema = newId();
      const deliveries: string[] = [];
      const handled: string[] = [];
      await subscribe(queue, [key('order.*')], async (m) => {
        if (m.messageId === explicit) {
          deliveries.push(m.messageId);
          throw new PoisonMessageError('order.cancelled says new_status ready');
        }
        if (m.messageId === schema) {
          deliveries.push(m.messageId);
          throw Object.assign(new Error('order_id: expected number'), { name: 'ZodError' });
        }
        handled.push(m.messageId);
      });
      await publish(key('order.cancelled'), { impossible: true }, explicit);
      await publish(key('order.created'), { order_id: 'x' }, schema);
      const good = [await publish(key('order.created')), await publish(key('order.ready'))];

      const dead = await deadLettersOf(queue, 2);
      await waitFor(() => good.every((id) => handled.includes(id)), 'the good messages');
      expect(dead.map((d) => [d.messageId, d.reason, d.attempts]).sort()).toEqual(
        [
          [explicit, 'poison', 1],
          [schema, 'poison', 1],
        ].sort(),
      );
      expect(dead.find((d) => d.messageId === explicit)!.error).toBe('PoisonMessageError: order.cancelled says new_status ready');
      expect([...deliveries].sort()).toEqual([explicit, schema].sort());
    });

    it('when dead letters are listed, then they stay where they are', async () => {
      const queue = queueName('listed');
      await subscribe(queue, [key('order.created')], async () => {
        throw new PoisonMessageError('never');
      });
      const ids = [await publish(key('order.created')), await publish(key('order.created'))];
      await deadLettersOf(queue, 2);

      const first = await bus().listDeadLetters(queue);
      const second = await bus().listDeadLetters(queue, { limit: 1 });
      expect(first.map((d) => d.messageId).sort()).toEqual([...ids].sort());
      expect(second).toHaveLength(1);
      // RabbitMQ takes back what a listing held a moment later; nothing is gone meanwhile.
      await waitFor(async () => (await bus().countDeadLetters(queue)) === 2, 'both dead letters counted');
      expect((await bus().listDeadLetters(queue)).map((d) => d.messageId).sort()).toEqual([...ids].sort());
      expect(await bus().countDeadLetters(queueName('never-declared'))).toBe(0);
      expect(await bus().listDeadLetters(queueName('never-declared-either'))).toEqual([]);
    });

    it('when the cause is fixed and one dead letter is redriven by id, then only it is handled again, with its routing key and a fresh count', async () => {
      const queue = queueName('redrive-one');
      let fixed = false;
      const handled: BusMessage[] = [];
      await subscribe(queue, [key('payment.*')], async (m) => {
        if (!fixed) throw new PoisonMessageError('unknown payment method');
        handled.push(m);
      });
      const first = await publish(key('payment.success'), { n: 1 });
      const second = await publish(key('payment.failed'), { n: 2 });
      await deadLettersOf(queue, 2);

      fixed = true;
      expect(await bus().redriveDeadLetters(queue, { messageId: first })).toBe(1);
      await waitFor(() => handled.length === 1, 'the redriven message');
      expect(handled[0]).toMatchObject({ messageId: first, routingKey: key('payment.success'), body: { n: 1 }, deliveryCount: 1 });
      expect((await bus().listDeadLetters(queue)).map((d) => d.messageId)).toEqual([second]);

      expect(await bus().redriveDeadLetters(queue)).toBe(1);
      await waitFor(() => handled.length === 2, 'the second redriven message');
      expect(handled[1]).toMatchObject({ messageId: second, routingKey: key('payment.failed') });
      expect(await bus().countDeadLetters(queue)).toBe(0);
      expect(await bus().redriveDeadLetters(queue)).toBe(0);
    });

    it('when a dead letter is redriven, then only its own queue gets it again, not the other queues bound to its routing key', async () => {
      const failing = queueName('redrive-failing');
      const other = queueName('redrive-other');
      let fixed = false;
      const otherGot: string[] = [];
      const failingGot: string[] = [];
      await subscribe(failing, [key('order.ready')], async (m) => {
        if (!fixed) throw new PoisonMessageError('not yet');
        failingGot.push(m.messageId);
      });
      await subscribe(other, [key('order.ready')], async (m) => void otherGot.push(m.messageId));
      const id = await publish(key('order.ready'));
      await deadLettersOf(failing, 1);

      fixed = true;
      await bus().redriveDeadLetters(failing, { messageId: id });
      await waitFor(() => failingGot.includes(id), 'the redriven message');
      // A sentinel behind it on the other queue: had the redrive reached it, it would be there first.
      const sentinel = await publish(key('order.ready'));
      await waitFor(() => otherGot.includes(sentinel), 'the sentinel');
      expect(otherGot).toEqual([id, sentinel]);
    });

    it('when a redriven message fails again, then it is back in the dead letters, and a redrive of everything does not loop on it', async () => {
      const queue = queueName('redrive-again');
      await subscribe(queue, [key('order.created')], async () => {
        throw new PoisonMessageError('still broken');
      });
      const id = await publish(key('order.created'));
      await deadLettersOf(queue, 1);

      expect(await bus().redriveDeadLetters(queue)).toBe(1);
      await waitFor(async () => (await bus().countDeadLetters(queue)) === 1, 'the message back in the dead letters');
      expect((await bus().listDeadLetters(queue)).map((d) => [d.messageId, d.reason])).toEqual([[id, 'poison']]);
    });
  });
}
