import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_KEY_SCOPES, highestScope, normalizeScopes, scopesInclude } from './api-key-scope';
import { generateApiKey, hashApiKey, prefixOfApiKey, sameHash } from './api-key-secret';

describe('API keys', () => {
  it('look like nrk_<8 base62>_<43 base64url>, and are different every time', () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey());
    for (const { key, prefix, hash } of keys) {
      expect(key).toMatch(/^nrk_[0-9A-Za-z]{8}_[A-Za-z0-9_-]{43}$/);
      expect(prefixOfApiKey(key)).toBe(prefix);
      expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    }
    expect(new Set(keys.map(({ key }) => key)).size).toBe(keys.length);
    expect(new Set(keys.map(({ prefix }) => prefix)).size).toBe(keys.length);
  });

  it.each([
    '',
    'nrk_',
    'nrk_abcdefgh',
    'nrk_abcd_' + 'a'.repeat(43),
    'xyz_abcdefgh_' + 'a'.repeat(43),
    'nrk_abcdefgh_' + 'a'.repeat(44),
  ])('do not take %j for a key', (text) => {
    expect(prefixOfApiKey(text)).toBeUndefined();
  });

  it('compare hashes in full, and never match a malformed stored hash', () => {
    const { key, hash } = generateApiKey();
    expect(sameHash(hashApiKey(key), hash)).toBe(true);
    expect(sameHash(hashApiKey(`${key}x`), hash)).toBe(false);
    expect(sameHash(hashApiKey(key), hash.slice(0, 10))).toBe(false);
    expect(sameHash(hashApiKey(key), 'not hex at all')).toBe(false);
  });
});

describe('scopes', () => {
  it('include every lower scope: admin ⊇ publisher ⊇ editor ⊇ reader', () => {
    API_KEY_SCOPES.forEach((granted, g) => {
      API_KEY_SCOPES.forEach((required, r) => {
        expect(scopesInclude([granted], required), `${granted} covers ${required}`).toBe(g >= r);
      });
    });
    expect(scopesInclude([], 'reader')).toBe(false);
    expect(scopesInclude(['reader', 'publisher'], 'editor')).toBe(true);
  });

  it('sort and de-duplicate, and name the highest', () => {
    expect(normalizeScopes(['admin', 'reader', 'admin'])).toEqual(['reader', 'admin']);
    expect(highestScope(['reader', 'publisher', 'editor'])).toBe('publisher');
    expect(highestScope([])).toBeUndefined();
  });
});
