import 'reflect-metadata';
import { createApp } from './app.factory';
import { StartupError } from './common/startup-error';
import { loadConfig } from './config/app-config';

/**
 * Starts the service. Anything that stops the start is reported on one line, with a
 * non-zero exit code: a bad setting, an unreachable database, a data directory in use.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  console.log(`listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`);
}

main().catch((error: unknown) => {
  const message = error instanceof StartupError ? error.message : describeUnexpected(error);
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
});

function describeUnexpected(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'EADDRINUSE') return `cannot listen: the port is already in use (${message ?? ''})`.trim();
  if (code === 'EACCES') return `cannot listen: permission denied (${message ?? ''})`.trim();
  return (message ?? String(error)).split('\n')[0];
}
