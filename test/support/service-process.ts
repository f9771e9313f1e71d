import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The service as a person starts it: `node dist/main.js` (what `npm start` runs after
 * building; `npm test` builds first). Each start is a real process on a real port.
 */
const MAIN = resolve(__dirname, '..', '..', 'dist', 'main.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];

/** Kills what is left of every process started and removes every temporary directory (an afterAll). */
export function cleanUpServiceProcesses(): void {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nr-start-'));
  dirs.push(dir);
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The JSON log lines written so far to standard output, parsed. */
  logs(): Array<Record<string, unknown>>;
  /** The exit code, or the signal's name when the process ended by one. */
  readonly exited: Promise<number | string | null>;
}

/** Starts the service with only PATH and `env` in its environment (LOG_LEVEL warn unless given). */
export function startService(env: Record<string, string | undefined>): ServiceProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | string | null>((done) =>
    child.on('exit', (code, signal) => done(code ?? signal)),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    logs: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    exited,
  };
}

/** The messages of the JSON lines a failed start wrote to standard error. */
export function stderrMessages(started: ServiceProcess): string[] {
  return started
    .stderr()
    .trim()
    .split('\n')
    .map((line) => {
      try {
        return String((JSON.parse(line) as { msg?: unknown }).msg);
      } catch {
        return line;
      }
    });
}

/** Waits until GET `path` answers 2xx; fails with the process's stderr if it exits first or never does. */
export async function waitUntilAnswering(port: number, started: ServiceProcess, path = '/ready'): Promise<Response> {
  const deadline = Date.now() + 40_000;
  let exited = false;
  void started.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`service did not answer on port ${port}: ${started.stderr()}`);
}
