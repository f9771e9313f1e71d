import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFixtures } from './fixtures/render-fixtures';
import { ALLOW_EVERY_HOST } from './render-input';
import { DuplicateRendererError, RendererRegistry } from './renderer-registry';
import { createRenderers } from './renderers';
import { JsonRenderer } from './renderers/json.renderer';

/**
 * Golden files: every renderer, run over the one shared set of fixtures, must produce
 * exactly the committed output. After a deliberate change: `npm run golden:update`, then
 * read the diff of src/core/rendering/golden/ before committing it.
 */
const GOLDEN_DIR = join(__dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('renderers', async () => {
  const RENDERERS = await createRenderers();

  describe('renderer registry', () => {
    it('refuses two renderers with the same format', () => {
      expect(() => new RendererRegistry([new JsonRenderer(), new JsonRenderer()])).toThrow(DuplicateRendererError);
    });

    it('names each format once, with a content type and a file extension', () => {
      for (const renderer of RENDERERS.all()) {
        expect(renderer.format).toMatch(/^[a-z0-9-]+$/);
        expect(renderer.contentType).toMatch(/^[a-z]+\/[\w.+-]+/);
        expect(renderer.fileExtension).toMatch(/^[a-z0-9.]+$/);
      }
    });
  });

  describe.each(renderFixtures())('golden files for $name', ({ name, input }) => {
    // A host view is rendered only by the formats that take host firewall options.
    const renderers = RENDERERS.all().filter(
      (renderer) => input.firewall === ALLOW_EVERY_HOST || renderer.takesHostFirewall,
    );
    it.each(renderers.map((renderer) => [renderer.format, renderer] as const))('%s', (_, renderer) => {
      const output = renderer.render(input);
      const path = join(GOLDEN_DIR, `${name}.${renderer.format}.${renderer.fileExtension}`);
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(path, output);
        return;
      }
      expect(existsSync(path), `${path} is missing: run "npm run golden:update"`).toBe(true);
      expect(output, `${path} differs: run "npm run golden:update" and review the diff`).toBe(
        readFileSync(path, 'utf8'),
      );
    });
  });
});
