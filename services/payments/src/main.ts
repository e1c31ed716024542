import { runMain } from '@canteen/service-kit';
import { loadPaymentsConfig } from './config.ts';
import { createPaymentsService } from './service.ts';

await runMain('payments service', async () => {
  const service = await createPaymentsService(loadPaymentsConfig());
  return { lifecycle: service, logger: service.logger };
});
