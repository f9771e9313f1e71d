import { signal } from '@preact/signals';

const STORAGE_KEY = 'nr-api-key';

/**
 * The API key the person entered: kept in this tab's session storage only (gone when the
 * tab closes, never shared with other tabs), and sent as `Authorization: Bearer`.
 */
export const apiKey = signal<string | null>(read());

function read(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setApiKey(key: string | null): void {
  const value = key?.trim() || null;
  try {
    if (value === null) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Storage refused (private mode): the key lives in memory for this page only.
  }
  apiKey.value = value;
}
