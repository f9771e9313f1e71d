import Fastify, { type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpenApiConformance, type OpenApi } from './support/openapi-conformance';

/** The response check of the test harness finds what it is there to find. */
describe('OpenApiConformance', () => {
  async function answers(routes: (fastify: FastifyInstance) => void, urls: string[]) {
    const document = JSON.parse(readFileSync(resolve(__dirname, '..', 'openapi.json'), 'utf8')) as OpenApi;
    const conformance = new OpenApiConformance(document);
    const fastify = Fastify();
    conformance.register(fastify);
    routes(fastify);
    for (const url of urls) await fastify.inject({ method: 'GET', url });
    await fastify.close();
    return conformance;
  }

  it('passes answers that fit the document', async () => {
    const conformance = await answers(
      (fastify) => {
        fastify.get('/api/v1/catalogs', async () => ({ catalogs: [], nextCursor: null }));
        fastify.get('/api/v1/catalogs/:version', async (_request, reply) =>
          reply.status(404).send({ statusCode: 404, code: 'NOT_FOUND', message: 'not found' }),
        );
      },
      ['/api/v1/catalogs', '/api/v1/catalogs/9.9.9'],
    );
    expect(conformance.problems).toEqual([]);
    expect(conformance.checked).toBe(2);
  });

  it('reports an undocumented route, an undeclared status, a wrong media type, a misfit body and a missing header', async () => {
    const conformance = await answers(
      (fastify) => {
        fastify.get('/api/v1/undocumented', async () => ({}));
        fastify.get('/api/v1/catalogs', async (_request, reply) => reply.status(418).send({}));
        fastify.get('/api/v1/catalogs/:version', async (_request, reply) =>
          reply.type('text/plain').header('ETag', '"1"').send('1.30.0'),
        );
        fastify.get('/api/v1/profiles', async () => ({ profiles: 'none', nextCursor: null }));
        fastify.get('/api/v1/catalogs/:version/flows', async () => ({ flows: [] }));
      },
      [
        '/api/v1/undocumented',
        '/api/v1/catalogs',
        '/api/v1/catalogs/latest',
        '/api/v1/profiles',
        '/api/v1/catalogs/latest/flows',
      ],
    );
    expect(conformance.problems).toEqual([
      expect.stringContaining('route /api/v1/undocumented is not in openapi.json'),
      expect.stringContaining('listCatalogs does not declare 418'),
      expect.stringContaining('getCatalogVersion 200 is text/plain, declared: application/json'),
      expect.stringContaining('listProfiles 200 body does not fit: /profiles must be array'),
      expect.stringContaining('listFlows 200 lacks the required header ETag'),
    ]);
  });
});
