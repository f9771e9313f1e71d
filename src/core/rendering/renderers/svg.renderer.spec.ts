import { beforeAll, describe, expect, it } from 'vitest';
import { renderFixtures } from '../fixtures/render-fixtures';
import type { RenderInput } from '../render-input';
import { DotRenderer } from './dot.renderer';
import { SvgRenderer } from './svg.renderer';

const fixtures = Object.fromEntries(renderFixtures().map(({ name, input }) => [name, input]));

let renderer: SvgRenderer;
beforeAll(async () => {
  renderer = await SvgRenderer.create();
});

const XML_ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;
// eslint-disable-next-line no-control-regex
const NOT_XML_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * A small well-formedness check (no XML parser is a dependency): one root element, tags
 * nested and closed, attributes quoted, no stray "<" or "&", only characters XML allows.
 */
function expectWellFormedXml(xml: string): void {
  expect(xml).not.toMatch(NOT_XML_CHARACTER);
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '').replace(/^<!DOCTYPE[^>[]*>\s*/, '');
  const token =
    /<!--([\s\S]*?)-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)/y;
  const stack: string[] = [];
  let roots = 0;
  let index = 0;
  while (index < body.length) {
    token.lastIndex = index;
    const match = token.exec(body);
    if (match === null)
      throw new Error(`not well-formed XML at ${index}: ${JSON.stringify(body.slice(index, index + 80))}`);
    index = token.lastIndex;
    const [, comment, closing, name, attributes, selfClosing, text] = match;
    if (comment !== undefined) {
      expect(comment).not.toContain('--');
      continue;
    }
    if (text !== undefined) {
      if (stack.length === 0) expect(text.trim()).toBe('');
      expectEntities(text);
      continue;
    }
    expectEntities(attributes);
    const names = [...attributes.matchAll(/([A-Za-z_][\w:.-]*)\s*=/g)].map((m) => m[1]);
    expect(new Set(names).size, `duplicate attribute in <${name}>`).toBe(names.length);
    if (closing === '/') {
      expect(stack.pop(), `</${name}> closes the wrong element`).toBe(name);
    } else {
      if (stack.length === 0) roots += 1;
      if (selfClosing !== '/') stack.push(name);
    }
  }
  expect(stack, 'unclosed elements').toEqual([]);
  expect(roots).toBe(1);
}

function expectEntities(text: string): void {
  for (const at of [...text.matchAll(/&/g)].map((m) => m.index)) {
    expect(text.slice(at, at + 12), 'a bare "&"').toMatch(XML_ENTITY);
  }
}

/** Text as it appears in SVG text content. */
function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

describe('the well-formedness check', () => {
  it.each(['<a><b></a>', '<a>x & y</a>', '<a x="1" x="2"/>', '<a/><b/>', '<a>1 < 2</a>', '<a>\u0001</a>'])(
    'refuses %j',
    (xml) => {
      expect(() => expectWellFormedXml(xml)).toThrow();
    },
  );
});

describe('SvgRenderer', () => {
  it('is a variant of the DOT renderer with its own format', () => {
    expect(renderer).toBeInstanceOf(DotRenderer);
    expect([renderer.format, renderer.contentType, renderer.fileExtension]).toEqual(['svg', 'image/svg+xml', 'svg']);
  });

  it.each(Object.keys(fixtures))('draws well-formed SVG naming every role of %s', (name) => {
    const input = fixtures[name];
    const svg = renderer.render(input);
    expect(svg).toMatch(/^<\?xml /);
    expect(svg).toContain('<svg');
    expectWellFormedXml(svg);
    const roles = new Set([...input.flows, ...input.removed].flatMap((flow) => [flow.source, flow.destination]));
    for (const key of roles) {
      const role = input.roles.find((candidate) => candidate.key === key);
      expect(svg).toContain(`>${xmlText(role?.name ?? key)}</text>`);
    }
    expect(renderer.render(input)).toBe(svg);
  });

  it('draws the DOT graph through the Graphviz it is given', () => {
    const calls: string[] = [];
    const fake = new SvgRenderer({
      dot: (source: string) => {
        calls.push(source);
        return '<svg/>';
      },
    });
    const input = fixtures['kublr-canal-no-addresses'];
    expect(fake.render(input)).toBe('<svg/>');
    expect(calls).toEqual([new DotRenderer().render(input)]);
  });

  it('escapes hostile role names in the SVG', () => {
    const base = fixtures['kublr-canal-no-addresses'];
    const hostile = '<script>alert("x")</script> & \'q\' &lt;';
    const input: RenderInput = {
      ...base,
      roles: base.roles.map((role) => ({ ...role, name: `${hostile} ${role.key}` })),
    };
    const svg = renderer.render(input);
    expectWellFormedXml(svg);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; &amp;lt; master');
  });
});
