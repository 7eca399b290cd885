import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './core/logger.ts';
import { loadDotEnv } from './load-env.ts';
import { startSwitchboard } from './server.ts';
import { plural } from './core/words.rules.ts';

async function main() {
  loadDotEnv();
  const config = loadConfig(process.env);
  // The log (JSON, or readable on a terminal) at LOG_LEVEL; the lines below are for the person
  // who started the app, so they stay plain.
  const logger = createLogger(config.logLevel);
  const switchboard = await startSwitchboard(config, { logger });
  const { database, port } = switchboard;
  const where = database.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL';
  const applied = database.appliedMigrations.length;
  console.log(`Database: ${where}; ${applied ? `applied ${plural(applied, 'migration')}` : 'schema up to date'}.`);
  console.log(
    config.slack.appToken
      ? `Switchboard is connected to Slack in Socket Mode; health check at http://localhost:${port}/healthz`
      : `Switchboard is listening on http://localhost:${port}/slack/events (health: /healthz)`,
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping Switchboard…`);
    await switchboard.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(`Switchboard could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
