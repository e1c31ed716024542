import { runMain } from '@canteen/service-kit';
import { loadUsersConfig } from './config.ts';
import { createUsersService } from './service.ts';

await runMain('users service', async () => {
  const service = await createUsersService(loadUsersConfig());
  return { lifecycle: service, logger: service.logger };
});
