import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from '../../config/app-config';
import { ShutdownState } from './shutdown-state';

export interface GracefulShutdownOptions {
  readonly logger: FastifyBaseLogger;
  /** Work after the application has closed (flushing traces). */
  readonly afterClose?: () => Promise<void>;
  /** process.exit, replaceable in tests. */
  readonly exit?: (code: number) => void;
}

/**
 * Stops the service the way a fleet needs on SIGTERM (Kubernetes, systemd, docker stop):
 *
 * 1. /ready answers 503 at once; everything else is still served.
 * 2. After SHUTDOWN_DELAY_MS (so that load balancers have noticed and stopped sending),
 *    the listener closes: new connections are refused, idle keep-alive connections are
 *    closed, requests in flight finish (a request that arrives on a busy keep-alive
 *    connection meanwhile gets Fastify's 503).
 * 3. Then the database pool and the change listener close, traces are flushed, and the
 *    process exits 0.
 *
 * If that takes longer than SHUTDOWN_TIMEOUT_MS after the signal, or a second signal
 * comes, the process exits at once with 1. SIGINT (Ctrl-C at a terminal) skips the delay:
 * nobody balances load onto a developer's terminal.
 */
export function installGracefulShutdown(
  app: NestFastifyApplication,
  config: Pick<AppConfig, 'shutdownDelayMs' | 'shutdownTimeoutMs'>,
  options: GracefulShutdownOptions,
): void {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started: number | undefined;

  const onSignal = (signal: NodeJS.Signals) => {
    if (started !== undefined) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      exit(1);
      return;
    }
    started = Date.now();
    const deadline = setTimeout(() => {
      logger.error(
        { timeoutMs: config.shutdownTimeoutMs },
        'shutdown took longer than SHUTDOWN_TIMEOUT_MS: exiting now',
      );
      exit(1);
    }, config.shutdownTimeoutMs);
    void shutdown(signal).then(
      () => {
        clearTimeout(deadline);
        logger.info({ durationMs: Date.now() - (started ?? Date.now()) }, 'shut down');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };

  const shutdown = async (signal: NodeJS.Signals) => {
    app.get(ShutdownState).begin();
    const delayMs = signal === 'SIGTERM' ? config.shutdownDelayMs : 0;
    logger.info({ signal, delayMs }, `shutting down: /ready answers 503; the listener closes in ${delayMs} ms`);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    logger.info('closing the listener; waiting for requests in flight');
    await app.close();
    await options.afterClose?.();
  };

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
