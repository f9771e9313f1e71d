import type { ApiError } from '../api/client';

/** Shown while a request runs: announced to screen readers, visible to everyone. */
export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** An API error: its code, the service's message, and what it means in words. */
export function ErrorNotice({ error }: { error: ApiError }) {
  return (
    <div class="error" role="alert">
      <p>
        <strong>Error {error.code}:</strong> {error.message}
      </p>
      <p>{error.advice}</p>
    </div>
  );
}
