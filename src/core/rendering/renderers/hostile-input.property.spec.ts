import { HOST } from '../fixtures/random-render-input';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import Ajv from 'ajv';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { IP_PROTOCOL_NUMBERS, type ResolvedFlow } from '../../flows/resolved-flow';
import { ALLOW_EVERY_HOST, type RenderInput, type RenderRole, type RoleAddresses } from '../render-input';
import { calicoPolicySchema } from './calico-policy.schema';
import { CalicoRenderer } from './calico.renderer';
import { DotRenderer } from './dot.renderer';
import { HtmlRenderer } from './html.renderer';

/*
 * Random flow sets whose every free-text field (titles, profiles, role names, components,
 * notes, sections, even some role keys) is hostile: markup, quotes, backslashes, line
 * breaks, control characters, and arbitrary Unicode.
 */

const RUNS = { numRuns: 60 };

const HOSTILE_PIECES = [
  '<script>alert(1)</script>',
  '<SCRIPT src=//x>',
  '"',
  "'",
  '&',
  '&amp;',
  '&#0;',
  '\\',
  '\\"',
  '\n',
  '\r\n',
  '\u0000',
  '\u001b[31m',
  '\u2028',
  '\u0085',
  '"]; evil -> graph; x [label="',
  '}\ndigraph {',
  '\n---\nkind: Secret\n',
  '# comment',
  ": '",
  '{{',
  '|',
  '[',
  ']]>',
  '-->',
  '\ud800',
];

const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...HOSTILE_PIECES),
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.string({ maxLength: 6 }),
    ),
    {
      maxLength: 5,
    },
  )
  .map((pieces) => pieces.join(''));

/** Catalog-valid keys, some awkward (trailing "-", dots, underscores), and two that no catalog would accept. */
const ROLE_KEYS = ['node', 'master', 'worker', 'lb', 'edge-', 'a.b', 'x_y', 'evil"key\\', '<script>'];

const roles: fc.Arbitrary<RenderRole[]> = fc.tuple(...ROLE_KEYS.map(() => hostileText)).map((names) =>
  ROLE_KEYS.map((key, i) => ({
    key,
    name: names[i],
    members: key === 'node' ? ['node', 'master', 'worker'] : [key],
    ...HOST,
  })),
);

const CIDRS = ['10.0.0.0/8', '192.168.1.0/24', '0.0.0.0/0', '2001:db8::/32'];
const addresses: fc.Arbitrary<Record<string, RoleAddresses>> = fc.subarray(ROLE_KEYS).chain((keys) =>
  fc
    .tuple(
      ...keys.map(() =>
        fc.record({
          cidrs: fc.subarray(CIDRS),
          securityGroupIds: fc.array(hostileText, { maxLength: 2 }),
          tags: fc.array(hostileText, { maxLength: 2 }),
        }),
      ),
    )
    .map((sets) => Object.fromEntries(keys.map((key, i) => [key, sets[i]]))),
);

const port = fc.integer({ min: 1, max: 65535 });
const flow: fc.Arbitrary<ResolvedFlow> = fc
  .record({
    key: hostileText,
    source: fc.constantFrom(...ROLE_KEYS),
    destination: fc.constantFrom(...ROLE_KEYS),
    protocol: fc.constantFrom('tcp' as const, 'udp' as const, 'ipip' as const),
    ports: fc.tuple(port, port).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
    component: hostileText,
    notes: hostileText,
    sections: fc.array(hostileText, { maxLength: 2 }),
  })
  .map(({ ports, ...rest }) => ({
    ...rest,
    ipProtocolNumber: IP_PROTOCOL_NUMBERS[rest.protocol],
    fromPort: rest.protocol === 'ipip' ? null : ports[0],
    toPort: rest.protocol === 'ipip' ? null : ports[1],
    rows: [],
  }));

const renderInput: fc.Arbitrary<RenderInput> = fc
  .record({
    title: hostileText,
    version: hostileText,
    profile: fc.option(hostileText),
    since: fc.option(hostileText),
    parameters: fc.dictionary(hostileText, fc.oneof(hostileText, fc.boolean(), fc.integer()), { maxKeys: 3 }),
    roles,
    addresses,
    flows: fc.array(flow, { maxLength: 12 }),
    removed: fc.array(flow, { maxLength: 4 }),
  })
  .map(({ title, version, since, removed, ...rest }) => ({
    ...rest,
    catalog: { title, version },
    since,
    removed: since === null ? [] : removed,
    firewall: ALLOW_EVERY_HOST,
  }));

const validate = new Ajv({ allErrors: true, strict: true }).compile(calicoPolicySchema);

let graphviz: Graphviz;
beforeAll(async () => {
  graphviz = await Graphviz.load();
});

describe('renderers given hostile text', () => {
  it('calico: every document parses (YAML 1.2 and 1.1) and validates against the schema', () => {
    const renderer = new CalicoRenderer();
    fc.assert(
      fc.property(renderInput, (input) => {
        const text = renderer.render(input);
        for (const version of ['1.1', '1.2'] as const) {
          const documents = parseAllDocuments(text, { version });
          expect(documents.flatMap((document) => document.errors)).toEqual([]);
          const policies = documents.map((document) => document.toJS() as unknown);
          expect(policies).toHaveLength(new Set(input.flows.map((f) => f.destination)).size);
          for (const policy of policies) expect(validate(policy), JSON.stringify(validate.errors)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('dot: Graphviz accepts the graph, with exactly one node per role in the flows', () => {
    const renderer = new DotRenderer();
    fc.assert(
      fc.property(renderInput, (input) => {
        // Drawn as SVG, the format served (the wasm build's "json" output crashes on some valid graphs).
        const svg = graphviz.dot(renderer.render(input), 'svg');
        const roles = new Set([...input.flows, ...input.removed].flatMap((f) => [f.source, f.destination]));
        expect(svg.match(/<g id="node\d+" class="node">/g) ?? []).toHaveLength(roles.size);
      }),
      RUNS,
    );
  });

  it('html: no markup gets through, only the page’s own elements', () => {
    const renderer = new HtmlRenderer();
    const elements = new Set([
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
    ]);
    for (const element of ['table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'br']) elements.add(element);
    fc.assert(
      fc.property(renderInput, (input) => {
        const html = renderer.render(input);
        expect(html).not.toMatch(/<script/i);
        const tags = [...html.matchAll(/<\/?([!A-Za-z][A-Za-z0-9]*)/g)].map((match) => match[1].toLowerCase());
        expect(tags.filter((tag) => !elements.has(tag))).toEqual([]);
      }),
      RUNS,
    );
  });
});
