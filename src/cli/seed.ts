import { CatalogRepository } from '../modules/catalogs/catalog.repository';
import { readBundledCatalog } from '../modules/catalogs/catalog-seed.service';
import { DatabaseHealth } from '../database/database-health';
import { PrismaService } from '../database/prisma.service';
import { runCommand } from './run-command';

// Loads the bundled Kublr catalog into an empty database as its first published version.
runCommand(async (connection) => {
  const prisma = new PrismaService(connection, new DatabaseHealth());
  try {
    const catalog = readBundledCatalog();
    const seeded = await new CatalogRepository(prisma).seedIfEmpty(catalog);
    console.log(
      seeded
        ? `loaded catalog ${catalog.version} (${catalog.flows.length} flows) as the first published version`
        : 'the database already holds catalog versions; nothing loaded',
    );
  } finally {
    await prisma.$disconnect();
  }
});
