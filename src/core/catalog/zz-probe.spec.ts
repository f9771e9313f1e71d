import fc from 'fast-check';
import { it } from 'vitest';
import { catalogs } from './catalog-document.spec';
it('timing', () => {
  let t = performance.now();
  fc.sample(catalogs, 1); console.log('first', performance.now() - t); t = performance.now();
  fc.sample(catalogs, 60); console.log('gen60', performance.now() - t);
});
