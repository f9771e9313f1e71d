import { describe, expect, it } from 'vitest';
import { renderFixtures } from '../fixtures/render-fixtures';
import type { RenderInput } from '../render-input';
import { escapeHtml, HtmlRenderer } from './html.renderer';

const renderer = new HtmlRenderer();
const fixtures = Object.fromEntries(renderFixtures().map(({ name, input }) => [name, input]));

/** The only elements the page is made of: anything else got in through a value. */
const ELEMENTS = new Set([
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'h1',
  'p',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'br',
]);

/** Element names of every tag, with the contents of <style> left out. */
function tagNames(html: string): string[] {
  const withoutStyle = html.replace(/<style>[^<]*<\/style>/, '<style></style>');
  return [...withoutStyle.matchAll(/<\/?([!A-Za-z][A-Za-z0-9]*)/g)].map((match) => match[1].toLowerCase());
}

describe('HtmlRenderer', () => {
  it.each(Object.keys(fixtures))('writes a standalone page of the known elements for %s', (name) => {
    const html = renderer.render(fixtures[name]);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(tagNames(html).every((tag) => ELEMENTS.has(tag))).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\(|@import/i);
    expect(html).toContain(`default-src 'none'; style-src 'unsafe-inline'`);
  });

  it('tables every flow, with the question above it', () => {
    const input = fixtures['kublr-calico-full-addresses'];
    const html = renderer.render(input);
    expect(html).toContain('<p class="question">Kublr network requirements 1.30.0, profile prod-eu-1</p>');
    expect(html.match(/<tr>/g)).toHaveLength(input.flows.length + 1);
    expect(html).toContain('<th>Source</th><th>Destination</th>');
    expect(html).not.toContain('<th>Change</th>');
    expect(html).toContain(
      '<tr><td>Master (master)</td><td>Master (master)</td><td>tcp 2379</td><td class="addresses">10.0.1.0/24<br>security group sg-0master0000000001<br>tag kublr-master</td>',
    );
  });

  it('has a change column for a change, the flows to remove after those to add', () => {
    const input = fixtures['kublr-upgrade-from-1.29.0'];
    const html = renderer.render(input);
    expect(html).toContain('<th>Change</th>');
    expect(html).toContain('<dt>Changes since</dt><dd>1.29.0</dd>');
    expect(html.match(/<tr class="add">/g)).toHaveLength(input.flows.length);
    expect(html.match(/<tr class="remove">/g)).toHaveLength(input.removed.length);
    expect(html.lastIndexOf('<tr class="add">')).toBeLessThan(html.indexOf('<tr class="remove">'));
  });

  it('names missing addresses', () => {
    const html = renderer.render(fixtures['kublr-canal-no-addresses']);
    expect(html).toContain('<span class="placeholder">addresses of master: not given</span>');
  });

  it('escapes every value: hostile titles, profiles, role names, components, notes and addresses', () => {
    const hostile = `<script>alert("x")</script> & 'q'`;
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;';
    const base = fixtures['kublr-calico-full-addresses'];
    const input: RenderInput = {
      ...base,
      catalog: { title: hostile, version: hostile },
      profile: hostile,
      since: hostile,
      parameters: { [hostile]: hostile },
      roles: base.roles.map((role) => ({ ...role, name: hostile })),
      addresses: { master: { cidrs: [hostile], securityGroupIds: [hostile], tags: [hostile] } },
      flows: base.flows.map((flow) => ({
        ...flow,
        component: hostile,
        notes: `${hostile}"><img src=x>`,
        sections: [hostile],
      })),
    };
    const html = renderer.render(input);
    expect(html).not.toMatch(/<script|<img/i);
    expect(tagNames(html).every((tag) => ELEMENTS.has(tag))).toBe(true);
    expect(html).toContain(`<title>Network flows: ${escaped}`);
    expect(html).toContain(`<td>${escaped}&quot;&gt;&lt;img src=x&gt;</td>`);
    expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
