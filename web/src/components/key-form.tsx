import { useState } from 'preact/hooks';
import { apiKey, setApiKey } from '../api/key';

/**
 * Where the person enters an API key (for editing profiles and drafts, or when reads need
 * one). It stays in this tab's session storage only.
 */
export function KeyForm() {
  const [draft, setDraft] = useState('');
  if (apiKey.value) {
    return (
      <div class="key-form" role="group" aria-label="API key">
        <span>API key set for this tab</span>
        <button type="button" onClick={() => setApiKey(null)}>
          Forget key
        </button>
      </div>
    );
  }
  return (
    <form
      class="key-form"
      onSubmit={(event) => {
        event.preventDefault();
        setApiKey(draft);
        setDraft('');
      }}
    >
      <label for="api-key">API key</label>
      <input
        id="api-key"
        type="password"
        autoComplete="off"
        value={draft}
        onInput={(event) => setDraft(event.currentTarget.value)}
        aria-describedby="api-key-hint"
      />
      <button type="submit">Use key</button>
      <span id="api-key-hint" class="hint">
        Kept in this tab only
      </span>
    </form>
  );
}
