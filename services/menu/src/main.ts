import { runMain } from '@canteen/service-kit';
import { loadMenuConfig } from './config.ts';
import { createMenuService } from './service.ts';

await runMain('menu service', async () => {
  const service = await createMenuService(loadMenuConfig());
  return { lifecycle: service, logger: service.logger };
});
