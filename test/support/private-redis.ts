import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './private-postgres';

/** Why a private Redis cannot be started here, or undefined when it can. */
export function privateRedisUnavailable(): string | undefined {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'redis-server was not found (install it: apt-get install redis-server)';
  }
}

/**
 * A Redis server of the test's own, on a free port, keeping nothing on disk, that the test
 * may kill and start again on the same port; never the machine's own. It is killed when the
 * test process exits, whatever happens to the test.
 */
export class PrivateRedis {
  private server: ChildProcess | undefined;
  private readonly killOnExit = () => this.server?.kill('SIGKILL');

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {
    process.once('exit', this.killOnExit);
  }

  static async create(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), mkdtempSync(join(tmpdir(), 'nr-redis-')));
    try {
      await redis.start();
      return redis;
    } catch (error) {
      await redis.destroy();
      throw error;
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it and waits until it takes connections. */
  async start(): Promise<void> {
    if (this.server !== undefined) throw new Error('the private Redis is running already');
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const server = spawn('redis-server', [...args, '--dir', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.server = server;
    let output = '';
    await new Promise<void>((ready, fail) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          server.stdout?.off('data', onData);
          server.off('exit', onExit);
          ready();
        }
      };
      const onExit = (code: number | null) => {
        this.server = undefined;
        fail(new Error(`redis-server exited (${code}) before taking connections:\n${output}`));
      };
      server.stdout?.on('data', onData);
      server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server.once('exit', onExit);
    });
    // Keep reading, so that a full pipe never blocks the server.
    server.stdout?.resume();
  }

  /** Freezes it (SIGSTOP): connections stay open and nothing is answered, as on a hung host. */
  freeze(): void {
    if (this.server === undefined) throw new Error('the private Redis is not running');
    this.server.kill('SIGSTOP');
  }

  thaw(): void {
    this.server?.kill('SIGCONT');
  }

  /** Kills it (SIGKILL), as a crash would, and waits until it is gone. */
  async kill(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    if (server.exitCode !== null || server.signalCode !== null) return;
    await new Promise<void>((gone) => {
      server.once('exit', () => gone());
      server.kill('SIGKILL');
    });
  }

  async destroy(): Promise<void> {
    process.removeListener('exit', this.killOnExit);
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
