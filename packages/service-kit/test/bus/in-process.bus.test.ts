import { createInProcessBus } from '../../src/bus/in-process.bus.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { busContract, type MakeBus } from './bus.contract.ts';
import { busFailureContract } from './bus.failures.contract.ts';

const makeBus: MakeBus = async ({ maxDeliveries, retryDelaysMs }) => {
  const bus = createInProcessBus({ logger: silentLogger(), maxDeliveries, retryDelaysMs });
  return {
    bus,
    async dispose() {
      await bus.close();
    },
  };
};

busContract('in-process bus', makeBus);
busFailureContract('in-process bus', makeBus);
