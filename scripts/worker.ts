// npm run worker: runs the job queue's workers (email delivery, the reminder schedule) in a
// process of their own. Run the web server with WORKERS=off, and as many workers as you like:
// each job goes to one of them. Stops gracefully on SIGTERM or Ctrl-C (a message being sent
// is finished first).
import './cli-env';

import { closeDatabase, getDatabase } from '@/db/client';
import { getEnv } from '@/lib/env';
import { startWorkers } from '@/lib/jobs/workers';
import { closeMailTransport } from '@/lib/mail/send-mail';
import { prepareDatabase } from '@/lib/startup/start-portal';

async function main(): Promise<void> {
  const { driver } = await getDatabase();
  await prepareDatabase();
  await startWorkers();
  const env = getEnv();
  console.log(
    `Worker running on ${driver === 'postgres' ? 'PostgreSQL' : 'the embedded database'}: sending mail ${
      env.EMAIL_SERVER ? `through ${new URL(env.EMAIL_SERVER).host}` : 'to the console'
    } at up to ${env.MAIL_RATE_PER_MINUTE} per minute. Ctrl-C stops it.`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing the current messages, then stopping.`);
    await closeDatabase();
    closeMailTransport();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await closeDatabase();
  process.exit(1);
});
