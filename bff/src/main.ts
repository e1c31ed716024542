import { runMain } from '@canteen/service-kit';
import { loadBffConfig } from './config.ts';
import { createBffService } from './service.ts';

await runMain('BFF', async () => {
  const service = createBffService(loadBffConfig());
  return { lifecycle: service, logger: service.logger };
});
