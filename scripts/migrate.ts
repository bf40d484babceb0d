// npm run db:migrate: applies committed migrations (the app also does this at start).
import './cli-env';

import { closeDatabase, getDatabase } from '@/db/client';
import { prepareDatabase } from '@/lib/startup/start-portal';

getDatabase()
  .then(async ({ driver }) => {
    await prepareDatabase();
    console.log(`Migrations applied (${driver}); the database is ready.`);
    await closeDatabase();
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
