import { runMain } from '@canteen/service-kit';
import { loadOrdersConfig } from './config.ts';
import { createOrdersService } from './service.ts';

await runMain('orders service', async () => {
  const service = await createOrdersService(loadOrdersConfig());
  return { lifecycle: service, logger: service.logger };
});
