import { CatalogRepository } from '../modules/catalogs/catalog.repository';
import { readBundledCatalog } from '../modules/catalogs/catalog-seed.service';
import { ChangeFeed } from '../database/change-feed';
import { DatabaseHealth } from '../database/database-health';
import { PrismaService } from '../database/prisma.service';
import { AuditRepository } from '../modules/audit/audit.repository';
import { runCommand } from './run-command';

// Loads the bundled Kublr catalog into an empty database as its first published version.
runCommand(async (connection, config) => {
  const prisma = new PrismaService(connection, new DatabaseHealth());
  try {
    const catalog = readBundledCatalog();
    const changes = new ChangeFeed(prisma, connection, config);
    const seeded = await new CatalogRepository(prisma, changes, new AuditRepository()).seedIfEmpty(catalog);
    console.log(
      seeded
        ? `loaded catalog ${catalog.version} (${catalog.flows.length} flows) as the first published version`
        : 'the database already holds catalog versions; nothing loaded',
    );
  } finally {
    await prisma.$disconnect();
  }
});
