import type { TypedDocumentString } from '../gql/graphql';
import { apiKey } from './key';

/** One error of the API, as the explorer shows it: the code, what it means, and the field it concerns. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The input field it is about (VALIDATION_FAILED's details.field), for showing it there. */
    readonly field: string | null = null,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** What a person should understand, and do, for this code. */
  get advice(): string {
    return ADVICE[this.code] ?? 'The service could not answer; try again.';
  }
}

/** Every error code of the API (src/common/errors/error-code.ts), in words for a person; NETWORK is the explorer's own. */
const ADVICE: Record<string, string> = {
  BAD_REQUEST: 'The request was malformed.',
  VALIDATION_FAILED: 'Something entered is not valid; see the message.',
  UNAUTHENTICATED: 'This needs an API key: enter one under "API key" (or check that it is still valid).',
  FORBIDDEN: 'Your API key does not have the scope this needs.',
  NOT_FOUND: 'It does not exist (any more).',
  CONFLICT: 'It changed or is in a state that does not allow this; reload and try again.',
  PRECONDITION_FAILED: 'Someone changed it since you loaded it; reload to see their change.',
  PAYLOAD_TOO_LARGE: 'What was sent is too large.',
  URI_TOO_LONG: 'The request is too long.',
  NOT_ACCEPTABLE: 'The service cannot answer in the form asked for.',
  METHOD_NOT_ALLOWED: 'This action is not allowed here.',
  TOO_MANY_REQUESTS: 'Too many requests: wait a moment and try again.',
  SERVICE_UNAVAILABLE: 'The service is unavailable (its database does not answer); try again shortly.',
  INTERNAL: 'The service failed unexpectedly; try again, and tell its operators if it persists.',
  GRAPHQL_VALIDATION_FAILED: 'The explorer sent a question the service does not understand (a version mismatch?).',
  GRAPHQL_PARSE_FAILED: 'The explorer sent a malformed question.',
  BAD_USER_INPUT: 'Something entered is not valid; see the message.',
  NETWORK: 'The service cannot be reached. Check the connection and try again.',
};

interface GraphQLErrorBody {
  readonly message: string;
  readonly extensions?: { readonly code?: string; readonly details?: Record<string, unknown> };
}

/**
 * Sends one typed GraphQL document to the service's own /graphql, with the key if one was
 * entered. The first error becomes an ApiError (the data of a partial answer is dropped:
 * every view asks for what it shows, all or nothing).
 */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
): Promise<TResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey.value) headers.authorization = `Bearer ${apiKey.value}`;
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: document.toString(), variables }),
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError('NETWORK', 'The service cannot be reached.');
  }
  let body: { data?: TResult | null; errors?: GraphQLErrorBody[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', `HTTP ${response.status}`);
  }
  const [first] = body.errors ?? [];
  if (first !== undefined) {
    const details = first.extensions?.details ?? {};
    const field = typeof details.field === 'string' ? details.field : null;
    throw new ApiError(first.extensions?.code ?? 'INTERNAL', first.message, field, details);
  }
  if (body.data === undefined || body.data === null) {
    throw new ApiError('INTERNAL', `HTTP ${response.status} without data`);
  }
  return body.data;
}
