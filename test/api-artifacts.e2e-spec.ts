import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * openapi.json and schema.gql are what client generators read; they are committed, and
 * this test fails when the code no longer produces them. After a deliberate API change:
 * `npm run api:update`, then review and commit the files.
 */
const ROOT = resolve(__dirname, '..');
const UPDATE = process.env.UPDATE_API_ARTIFACTS === '1';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

function compareOrWrite(file: string, actual: string): void {
  const path = resolve(ROOT, file);
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  const committed = readFileSync(path, 'utf8');
  expect(actual, `${file} is out of date: run "npm run api:update" and commit it`).toBe(committed);
}

describe('committed API artifacts', () => {
  it('openapi.json matches the OpenAPI document the service serves', async () => {
    const res = await request(t.server).get('/api/docs-json').expect(200);
    compareOrWrite('openapi.json', `${JSON.stringify(res.body, null, 2)}\n`);
  });

  it('schema.gql matches the GraphQL schema the service serves', () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    compareOrWrite('schema.gql', `${printSchema(schema)}\n`);
  });
});
