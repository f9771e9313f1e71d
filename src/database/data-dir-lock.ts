import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from '../common/startup-error';

/**
 * Keeps a second process off an embedded database's directory, as PostgreSQL's own
 * postmaster.pid does: the file holds the owner's PID and is created exclusively. A file
 * left by a process that no longer runs (after a crash or SIGKILL) is taken over, so a
 * restart never waits on a stale lock.
 */
export class DataDirLock {
  private constructor(private readonly path: string) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'service.pid');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
        return new DataDirLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = readOwner(path);
        if (owner !== undefined && owner !== process.pid && isRunning(owner)) {
          throw new StartupError(
            `data directory ${dataDir} is in use by another process (pid ${owner}); stop it or set DATA_DIR to another directory`,
          );
        }
        rmSync(path, { force: true });
      }
    }
    throw new StartupError(`could not lock data directory ${dataDir}`);
  }

  release(): void {
    if (readOwner(this.path) === process.pid) rmSync(this.path, { force: true });
  }
}

function readOwner(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
