import { createInProcessBus } from '../../src/bus/in-process.bus.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { busContract } from './bus.contract.ts';

busContract('in-process bus', async ({ maxDeliveries }) => {
  const bus = createInProcessBus({ logger: silentLogger(), maxDeliveries, redeliveryDelayMs: 5 });
  return {
    bus,
    async deadLetters(queue) {
      return bus.deadLetters(queue).map(({ messageId, routingKey, body }) => ({ messageId, routingKey, body }));
    },
    async dispose() {
      await bus.close();
    },
  };
});
