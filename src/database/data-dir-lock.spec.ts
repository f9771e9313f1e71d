import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StartupError } from '../common/startup-error';
import { DataDirLock } from './data-dir-lock';

describe('DataDirLock', () => {
  let dataDir: string;
  let lockFile: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'data-dir-lock-'));
    lockFile = join(dataDir, 'service.pid');
  });

  afterEach(() => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates service.pid holding our pid in a fresh directory', () => {
    DataDirLock.acquire(dataDir);
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));
  });

  it('creates the data directory when it does not exist yet', () => {
    const nested = join(dataDir, 'a', 'b');
    DataDirLock.acquire(nested);
    expect(readFileSync(join(nested, 'service.pid'), 'utf8').trim()).toBe(String(process.pid));
  });

  it('refuses a directory locked by another live process', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(other);
    await once(other, 'spawn');
    writeFileSync(lockFile, `${other.pid}\n`);

    let thrown: unknown;
    try {
      DataDirLock.acquire(dataDir);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StartupError);
    expect((thrown as StartupError).message).toContain('in use');
    expect((thrown as StartupError).message).toContain(`pid ${other.pid}`);
    // The other process keeps its lock.
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(other.pid));
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const gone = spawn('true', [], { stdio: 'ignore' });
    await once(gone, 'exit');
    expect(gone.pid).toBeGreaterThan(0);
    writeFileSync(lockFile, `${gone.pid}\n`);

    DataDirLock.acquire(dataDir);
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));
  });

  it('takes over a lock file that holds no pid', () => {
    writeFileSync(lockFile, 'garbage\n');
    DataDirLock.acquire(dataDir);
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));
  });

  it('release removes the lock file, so the directory can be locked again', () => {
    const lock = DataDirLock.acquire(dataDir);
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
    DataDirLock.acquire(dataDir).release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('release leaves a lock file that another process has taken since', () => {
    const lock = DataDirLock.acquire(dataDir);
    writeFileSync(lockFile, '999999999\n');
    lock.release();
    expect(readFileSync(lockFile, 'utf8').trim()).toBe('999999999');
  });
});
