import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Where initdb and pg_ctl are: PG_BIN, the newest /usr/lib/postgresql/N/bin (Debian), or PATH. */
function findPostgresBin(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debian, version, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(':').filter(Boolean));
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

/** The uid that runs the cluster: ours, or the postgres user's when we are root (initdb refuses root). */
function clusterUser(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, name: '' };
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid, name: 'postgres' };
  } catch {
    return undefined;
  }
}

/** Why a private cluster cannot be started here, or undefined when it can. */
export function privatePostgresUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'a private PostgreSQL cluster is only set up on Linux';
  if (findPostgresBin() === undefined) {
    return 'initdb and pg_ctl were not found (set PG_BIN, or install PostgreSQL: apt-get install postgresql)';
  }
  if (clusterUser() === undefined) return 'running as root, and there is no "postgres" user to run initdb as';
  return undefined;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
      .once('error', fail)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => done(port));
      });
  });
}

/**
 * A PostgreSQL cluster of the test's own, in a temporary directory on a free port, that the
 * test may freeze (SIGSTOP), stop and start again; never the machine's own server. Its
 * processes are killed when the test process exits, whatever happens to the test.
 */
export class PrivatePostgres {
  /** Processes stopped by freeze(), so that thaw() and cleanup continue exactly those. */
  private frozen: number[] = [];
  private readonly killOnExit = () => this.kill();

  private constructor(
    private readonly bin: string,
    private readonly user: { uid: number; gid: number; name: string },
    readonly dir: string,
    readonly port: number,
  ) {
    process.once('exit', this.killOnExit);
  }

  static async create(): Promise<PrivatePostgres> {
    const bin = findPostgresBin();
    const user = clusterUser();
    if (bin === undefined || user === undefined) throw new Error(privatePostgresUnavailable());
    const dir = mkdtempSync(join(tmpdir(), 'nr-pg-'));
    chownSync(dir, user.uid, user.gid);
    const cluster = new PrivatePostgres(bin, user, dir, await freePort());
    try {
      cluster.run('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
      cluster.start();
      return cluster;
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
  }

  /** A URL of a database on this cluster. */
  url(database = 'postgres'): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: this.url(), connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  /** Starts it and waits until it takes connections. */
  start(): void {
    this.run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
      '-w',
      'start',
    ]);
  }

  /** Stops it at once, as a crash would (pg_ctl stop -m immediate): no session ends cleanly. */
  stopImmediately(): void {
    this.thaw();
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  }

  /**
   * Freezes every process of the cluster (postmaster first, so it forks no new one): the
   * server keeps its sockets open and answers nothing, as a hung host would.
   */
  freeze(): void {
    const postmaster = this.postmasterPid();
    if (postmaster === undefined) throw new Error('the cluster is not running');
    process.kill(postmaster, 'SIGSTOP');
    this.frozen = [postmaster];
    for (const pid of childrenOf(postmaster)) {
      process.kill(pid, 'SIGSTOP');
      this.frozen.push(pid);
    }
  }

  thaw(): void {
    for (const pid of this.frozen.reverse()) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone already
      }
    }
    this.frozen = [];
  }

  /** Stops the cluster and removes its directory; kills it when a clean stop fails. */
  async destroy(): Promise<void> {
    process.removeListener('exit', this.killOnExit);
    this.thaw();
    if (this.postmasterPid() !== undefined) {
      try {
        this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', '-t', '10', 'stop']);
      } catch {
        this.kill();
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The server's log, for a failing test's message. */
  log(): string {
    try {
      return readFileSync(join(this.dir, 'server.log'), 'utf8');
    } catch {
      return '';
    }
  }

  private kill(): void {
    const postmaster = this.postmasterPid();
    if (postmaster === undefined) return;
    for (const pid of [postmaster, ...childrenOf(postmaster)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }

  private postmasterPid(): number | undefined {
    try {
      const pid = Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (!Number.isInteger(pid) || pid <= 0) return undefined;
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  private run(tool: string, args: string[]): void {
    const command = join(this.bin, tool);
    try {
      // In the cluster's directory: the postgres user may not enter the current one.
      const options = { stdio: 'pipe', timeout: 60_000, cwd: this.dir } as const;
      execFileSync(
        command,
        args,
        this.user.name === '' ? options : { ...options, uid: this.user.uid, gid: this.user.gid },
      );
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: Buffer; stdout?: Buffer };
      throw new Error(`${tool} ${args.join(' ')} failed: ${String(stderr ?? '')}${String(stdout ?? '')}`, {
        cause: error,
      });
    }
  }
}

/** The pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...; comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return children;
}
