import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataDirLock } from './data-dir-lock';

/** Connections the embedded server accepts; the service's pool must stay below it. */
export const EMBEDDED_MAX_CONNECTIONS = 8;
// PGlite has one backend session: connections used at the same time interleave their
// extended-protocol messages (a Bind lands on another connection's portal), so the
// service keeps to one connection and its queries queue in the pool.
export const EMBEDDED_POOL_SIZE = 1;

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served on the Postgres wire protocol on a
 * loopback port, so the service talks to it through the same pg driver and Prisma
 * adapter as to a real server. One backend serves every connection in turn.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: DataDirLock | undefined,
    readonly url: string,
  ) {}

  /** Starts on a data directory (created at first start), or in memory when none is given. */
  static async start(dataDir?: string): Promise<EmbeddedPostgres> {
    const lock = dataDir === undefined ? undefined : DataDirLock.acquire(resolve(dataDir));
    try {
      let pgDataDir: string | undefined;
      if (dataDir !== undefined) {
        pgDataDir = join(resolve(dataDir), 'pgdata');
        mkdirSync(pgDataDir, { recursive: true });
      }
      return await EmbeddedPostgres.serve(await PGlite.create(pgDataDir), lock);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  /** Starts from a dump made by `dump()` (tests clone a migrated template this way). */
  static async fromDump(dump: Blob): Promise<EmbeddedPostgres> {
    return EmbeddedPostgres.serve(await PGlite.create({ loadDataDir: dump }), undefined);
  }

  private static async serve(db: PGlite, lock: DataDirLock | undefined): Promise<EmbeddedPostgres> {
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: 0,
      maxConnections: EMBEDDED_MAX_CONNECTIONS,
    });
    try {
      await server.start();
    } catch (error) {
      await db.close();
      throw error;
    }
    const url = `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
    return new EmbeddedPostgres(db, server, lock, url);
  }

  async dump(): Promise<Blob> {
    return (await this.db.dumpDataDir('none')) as Blob;
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
      await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}
