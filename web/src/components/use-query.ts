import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../api/client';
import { apiKey } from '../api/key';
import type { TypedDocumentString } from '../gql/graphql';

export interface QueryState<T> {
  readonly data: T | null;
  readonly error: ApiError | null;
  readonly loading: boolean;
  /** Asks again (after a write). */
  reload(): void;
}

/**
 * Runs a GraphQL query whenever its variables (or the API key) change; a newer run cancels
 * the one before, so an answer never replaces a later one. `skip` holds it back.
 */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  skip = false,
): QueryState<TResult> {
  const [state, setState] = useState<{ data: TResult | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: !skip,
  });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (skip) return;
    const controller = new AbortController();
    setState((before) => ({ ...before, loading: true, error: null }));
    request(document, variables, controller.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        const failure = error instanceof ApiError ? error : new ApiError('INTERNAL', String(error));
        setState({ data: null, error: failure, loading: false });
      },
    );
    return () => controller.abort();
  }, [document, key, skip, generation, apiKey.value]);
  return { ...state, reload: () => setGeneration((value) => value + 1) };
}
