import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { jsonTextDepthExceeds, MAX_JSON_DEPTH } from './json-depth';

/** Bodies the service reads as text: catalog documents in YAML, flow tables in Markdown or CSV. */
export const TEXT_BODY_TYPES = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/plain',
  'text/markdown',
  'text/csv',
];

type Done = (error: Error | null, body?: unknown) => void;

const GRAPHQL_PATH = '/graphql';

/**
 * Body parsers that refuse bytes that are not UTF-8 (Fastify's own would turn them into
 * U+FFFD and store the damage) with a 400 naming the problem. JSON nested deeper than
 * MAX_JSON_DEPTH is refused before it is parsed (GraphQL variables included: they come in
 * the same body, and those of GET requests in the query string), so no value deep enough
 * to overflow a recursive walk reaches the service. JSON still goes through Fastify's
 * parser, with its protection against __proto__ and constructor keys.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done: Done) => {
    const text = decode(body);
    if (text instanceof Error) return done(text);
    // Many generated clients send `Content-Type: application/json` with no body on actions
    // (publish, deprecate): an empty object, as the handlers see for a body with no fields.
    // Where a body is required, the handler's own check names what is missing.
    if (text.trim() === '') return done(null, {});
    if (jsonTextDepthExceeds(text, MAX_JSON_DEPTH)) return done(new DomainError(ErrorCode.BadRequest, TOO_DEEP));
    parseJson(request as FastifyRequest, text, (error, value) => {
      // Fastify's message says "not valid JSON" for prototype poisoning too; say what it is.
      done(error && isJson(text) ? new DomainError(ErrorCode.BadRequest, POISONED) : error, value);
    });
  });
  // GraphQL GET requests carry their variables and extensions as JSON in the query string,
  // which Apollo parses: the same limit, before it does.
  fastify.addHook('preValidation', async (request: FastifyRequest) => {
    if (request.method !== 'GET' || request.url.split('?')[0] !== GRAPHQL_PATH) return;
    const query = request.query as Record<string, unknown>;
    for (const name of ['variables', 'extensions']) {
      const texts = [query[name]].flat().filter((value) => typeof value === 'string');
      if (texts.some((text) => jsonTextDepthExceeds(text, MAX_JSON_DEPTH))) {
        throw new DomainError(ErrorCode.BadRequest, `${TOO_DEEP} in ${name}`);
      }
    }
  });
  fastify.addContentTypeParser(TEXT_BODY_TYPES, { parseAs: 'buffer' }, (_request, body: Buffer, done: Done) => {
    const text = decode(body);
    if (text instanceof Error) done(text);
    else done(null, text);
  });
}

const TOO_DEEP = `JSON nested deeper than ${MAX_JSON_DEPTH} levels`;
const POISONED = 'JSON bodies must not contain "__proto__" or "constructor": "prototype" keys';

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function decode(body: Buffer): string | Error {
  if (!isUtf8(body)) {
    return new DomainError(ErrorCode.BadRequest, 'the request body is not valid UTF-8 text');
  }
  return body.toString('utf8');
}
