import { describe, expect, it } from 'vitest';
import { accepts, negotiateMediaType } from './content-negotiation';

describe('negotiateMediaType', () => {
  const available = ['application/yaml', 'application/json'];

  it.each([
    [undefined, 'application/yaml'],
    ['', 'application/yaml'],
    ['*/*', 'application/yaml'],
    ['application/json', 'application/json'],
    ['application/*;q=0.2, application/json', 'application/json'],
    ['application/yaml;q=0.1, application/json;q=0.9', 'application/json'],
    ['APPLICATION/JSON', 'application/json'],
    ['text/html', undefined],
    ['application/json;q=0, application/yaml;q=0', undefined],
  ])('Accept %s gives %s', (accept, expected) => {
    expect(negotiateMediaType(accept, available)).toBe(expected);
  });

  it('keeps the parameters of the available type it chose', () => {
    expect(negotiateMediaType('text/csv', ['text/csv; charset=utf-8'])).toBe('text/csv; charset=utf-8');
  });
});

describe('accepts', () => {
  it.each([
    [undefined, true],
    ['*/*', true],
    ['text/csv', true],
    ['text/*', true],
    ['text/csv;q=0', false],
    ['application/json', false],
  ])('text/csv for Accept %s: %s', (accept, expected) => {
    expect(accepts(accept, 'text/csv; charset=utf-8')).toBe(expected);
  });
});
