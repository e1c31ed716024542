import amqplib from 'amqplib';
import { describe, expect, it } from 'vitest';
import { createAmqpBus } from '../../src/bus/amqp.bus.ts';
import { PoisonMessageError } from '../../src/bus/failure.ts';
import { createInProcessBus } from '../../src/bus/in-process.bus.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { deadLetterCheck } from '../../src/operations/dead-letters.ts';
import { checkInfra, testUrls } from '../../src/testing/infra.ts';
import { newId, unique, waitFor } from '../bus/helpers.ts';

const amqp = await checkInfra('RabbitMQ', testUrls.amqp);

describe('the dead-letter health check', () => {
  it('when a dead-letter queue fills, then the check turns from up to warn and names the queue and its depth', async () => {
    const bus = createInProcessBus({ logger: silentLogger() });
    const queue = `check.${unique()}.events`;
    await bus.subscribe({ queue, routingKeys: ['x.y'], handler: async () => {
      throw new PoisonMessageError('never');
    } });
    const check = deadLetterCheck({ service: 'test', bus, queues: [queue] });
    expect(await check()).toEqual({ status: 'up' });

    await bus.publish('x.y', {}, { messageId: newId() });
    await waitFor(async () => (await bus.countDeadLetters(queue)) === 1, 'the dead letter');
    expect(await check()).toEqual({ status: 'warn', detail: `${queue}.dead holds 1` });
    await bus.close();
  });

  it.skipIf(!amqp.available)('when the broker cannot be asked, then the check warns that it cannot count instead of failing', async () => {
    const exchange = `canteen.test.${unique()}`;
    const bus = await createAmqpBus({ url: testUrls.amqp, logger: silentLogger(), exchange });
    await bus.close();
    const admin = await amqplib.connect(testUrls.amqp);
    await (await admin.createChannel()).deleteExchange(exchange);
    await admin.close();
    const check = deadLetterCheck({ service: 'test', bus, queues: ['never.declared'] });
    expect(await check()).toEqual({ status: 'warn', detail: expect.stringMatching(/^cannot count dead letters: /) });
  });
});
