import { runMain } from '@canteen/service-kit';
import { loadQueueConfig } from './config.ts';
import { createQueueService } from './service.ts';

await runMain('queue service', async () => {
  const service = await createQueueService(loadQueueConfig());
  return { lifecycle: service, logger: service.logger };
});
