// First: tracing must be in place before http, pg, graphql and fastify are required.
import './common/observability/start-tracing';
import 'reflect-metadata';
import pino from 'pino';
import { createApp } from './app.factory';
import { installGracefulShutdown } from './common/lifecycle/graceful-shutdown';
import { shutdownTracing } from './common/observability/tracing';
import { StartupError } from './common/startup-error';
import { loadConfig } from './config/app-config';

/**
 * Starts the service and stops it gracefully on SIGTERM. Anything that stops the start
 * is reported on one line (JSON, or `error: ...` with LOG_FORMAT=pretty), with a non-zero
 * exit code: a bad setting, an unreachable database, a data directory in use.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const logger = app.getHttpAdapter().getInstance().log;
  installGracefulShutdown(app, config, { logger, afterClose: () => shutdownTracing() });
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  logger.info({ port: config.port, host: config.host }, `listening on http://${shown}:${config.port}`);
}

main().catch((error: unknown) => {
  const message = error instanceof StartupError ? error.message : describeUnexpected(error);
  if (process.env.LOG_FORMAT === 'pretty') process.stderr.write(`error: ${message}\n`);
  else
    pino(
      { timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
      pino.destination({ fd: 2, sync: true }),
    ).fatal(message);
  process.exit(1);
});

function describeUnexpected(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'EADDRINUSE') return `cannot listen: the port is already in use (${message ?? ''})`.trim();
  if (code === 'EACCES') return `cannot listen: permission denied (${message ?? ''})`.trim();
  return (message ?? String(error)).split('\n')[0];
}
