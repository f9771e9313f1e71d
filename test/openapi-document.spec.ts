import SwaggerParser from '@apidevtools/swagger-parser';
import { Document, Spectral, type ISpectralDiagnostic, type RulesetDefinition } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRenderers } from '../src/core/rendering/renderers';
import { ARTIFACT_CONTENT } from '../src/modules/rendering/rendering.controller';

/**
 * openapi.json as client generators and linters read it (test/api-artifacts.e2e-spec.ts
 * checks that it is what the service serves at /api/docs-json).
 */
const FILE = resolve(__dirname, '..', 'openapi.json');
const TEXT = readFileSync(FILE, 'utf8');
const document = () => JSON.parse(TEXT) as OpenApi;

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}
interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

/**
 * Spectral warnings accepted on purpose, as `rule code: JSON path`, each with its reason.
 * Any warning not listed here fails the test; so does a listed one that no longer occurs.
 */
const ACCEPTED_WARNINGS: Record<string, string> = {};

describe('openapi.json', () => {
  it('is a valid OpenAPI document for @apidevtools/swagger-parser, references resolved', async () => {
    await expect(SwaggerParser.validate(FILE)).resolves.toBeDefined();
  });

  it('has no Spectral spectral:oas errors, and no warnings but the accepted ones', async () => {
    const spectral = new Spectral();
    // The rulesets package types its rulesets as their literal objects, which lack `extends`.
    spectral.setRuleset({ extends: [oas as RulesetDefinition] });
    const results: ISpectralDiagnostic[] = await spectral.run(new Document(TEXT, Json, 'openapi.json'));
    const found = (severity: number) =>
      results.filter((result) => result.severity === severity).map((r) => `${r.code}: ${r.path.join('.')}`);
    expect(found(0), 'errors').toEqual([]);
    expect(found(1).sort(), 'warnings').toEqual(Object.keys(ACCEPTED_WARNINGS).sort());
  });

  it('has schemas that ajv compiles (no nullable without type, no type arrays)', () => {
    const doc = document();
    const ajv = schemaValidator(doc, { strict: true });
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => ajv.getSchema(`${COMPONENTS}#/definitions/${name}`), name).not.toThrow();
    }
  });

  it('gives every operation a unique named operationId, summary, description, tag and its error bodies', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(document().paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
        expect(ids.has(operation.operationId), `${where}: duplicate ${operation.operationId}`).toBe(false);
        ids.add(operation.operationId);
        expect(operation.summary, where).toBeTruthy();
        expect(operation.description, where).toBeTruthy();
        expect(operation.tags?.length, where).toBe(1);
        const statuses = Object.keys(operation.responses);
        expect(statuses, where).toEqual(expect.arrayContaining(['400', '414', '429', '500', '503']));
        if (path !== '/health' && path !== '/ready') expect(statuses, where).toContain('401');
        if (method !== 'get') expect(statuses, where).toContain('403');
        if (path.includes('{') && path !== '/api/v1/api-keys/{id}') expect(statuses, where).toContain('404');
        for (const status of statuses.filter((s) => Number(s) >= 400)) {
          expect(operation.responses[status].content, `${where} ${status}`).toEqual({
            'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseModel' } },
          });
        }
      }
    }
    expect([...ids]).toEqual(expect.arrayContaining(['listCatalogs', 'listFlows', 'publishCatalogVersion']));
  });

  it('declares 409 and 412 on publish, and the media types of non-JSON answers', () => {
    const { paths } = document();
    expect(Object.keys(paths['/api/v1/catalogs/{version}/publish'].post.responses)).toEqual(
      expect.arrayContaining(['404', '409', '412']),
    );
    expect(Object.keys(paths['/api/v1/catalogs/{version}/export'].get.responses['200'].content!)).toEqual([
      'application/yaml',
      'application/json',
    ]);
    for (const path of ['/health', '/ready']) {
      expect(Object.keys(paths[path].get.responses['200'].content!), path).toEqual(['application/json']);
    }
  });

  it('declares the media type of every artifact format', async () => {
    const declared = Object.keys(ARTIFACT_CONTENT);
    for (const renderer of (await createRenderers()).all()) {
      expect(declared, renderer.format).toContain(renderer.contentType.split(';')[0].trim());
    }
    const { paths } = document();
    for (const path of [
      '/api/v1/catalogs/{version}/artifacts/{format}',
      '/api/v1/profiles/{name}/artifacts/{format}',
    ]) {
      expect(Object.keys(paths[path].get.responses['200'].content!), path).toEqual(declared);
    }
  });

  it('takes a POST /catalogs body as exactly one of its shapes', () => {
    const doc = document();
    const ajv = schemaValidator(doc, { strict: false });
    const body = (doc.paths['/api/v1/catalogs'].post.requestBody as { content: Record<string, { schema: object }> })
      .content['application/json'].schema;
    const validate = ajv.compile(withRefsTo(body));
    const document_ = { version: '1.31.0', roles: [{ id: 'node' }], flows: [] };
    for (const valid of [{ version: '1.31.0', cloneFrom: 'latest' }, { version: '1.31.0' }, document_]) {
      expect(validate(valid), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate({ version: '1.31.0', cloneFrom: 'latest', roles: [] })).toBe(false);
  });
});

const COMPONENTS = 'openapi-components';

/**
 * Ajv (OpenAPI 3.0 schemas are its draft-07 plus `nullable`, which it knows) with the
 * document's component schemas, compiled (strict: no unknown keyword, no `nullable` without
 * a `type`), under `openapi-components#/definitions/<name>`.
 */
function schemaValidator(doc: OpenApi, options: { strict: boolean }): Ajv {
  const ajv = new Ajv({ ...options, strictTypes: false, keywords: ['example'] });
  addFormats(ajv);
  ajv.addSchema({ $id: COMPONENTS, definitions: withRefsTo(doc.components.schemas) });
  return ajv;
}

/** A schema whose `#/components/schemas/X` references point into the schemas added to ajv. */
function withRefsTo<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS}#/definitions/`)) as T;
}
