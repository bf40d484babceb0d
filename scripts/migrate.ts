// npm run db:migrate: applies committed migrations (the app also does this at start).
import { closeDatabase, getDatabase } from '@/db/client';

getDatabase()
  .then(async ({ driver }) => {
    console.log(`Migrations applied (${driver}).`);
    await closeDatabase();
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
