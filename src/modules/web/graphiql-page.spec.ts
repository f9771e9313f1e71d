import { describe, expect, it } from 'vitest';
import { graphiqlPage, prefersGraphiQL } from './graphiql-page';

describe('prefersGraphiQL', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8', true],
    ['text/html', true],
    ['application/json;q=0.5, text/html', true],
    [undefined, false],
    ['', false],
    ['*/*', false],
    ['application/json', false],
    ['application/graphql-response+json, application/json;q=0.9', false],
    ['application/json, text/html', false],
    ['text/*', true],
    ['image/png', false],
  ])('Accept %j: %s', (accept, expected) => {
    expect(prefersGraphiQL(accept)).toBe(expected);
  });
});

describe('graphiqlPage', () => {
  const manifest = {
    versions: { graphiql: '3.8.2', react: '18.3.1', 'react-dom': '18.3.1' },
    files: {
      react: 'react.production-a.min.js',
      reactDom: 'react-dom.production-b.min.js',
      script: 'graphiql-c.min.js',
      style: 'graphiql-d.min.css',
      start: 'graphiql-start-e.js',
    },
  };

  it('loads React, React DOM, GraphiQL and then the start script, all from /graphiql/, with no inline script', () => {
    const page = graphiqlPage(manifest);
    const scripts = [...page.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.map((match) => match[1].trim())).toEqual([
      'src="/graphiql/react.production-a.min.js"',
      'src="/graphiql/react-dom.production-b.min.js"',
      'src="/graphiql/graphiql-c.min.js"',
      'src="/graphiql/graphiql-start-e.js"',
    ]);
    expect(scripts.every((match) => match[2] === '')).toBe(true);
    expect(page).toContain('<link rel="stylesheet" href="/graphiql/graphiql-d.min.css" />');
    expect(page).toContain('<div id="graphiql">');
  });
});
