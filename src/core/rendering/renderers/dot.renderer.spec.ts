import { HOST } from '../fixtures/random-render-input';
import { spawnSync } from 'node:child_process';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedFlow } from '../../flows/resolved-flow';
import { renderFixtures } from '../fixtures/render-fixtures';
import type { RenderInput } from '../render-input';
import { DotRenderer, label } from './dot.renderer';

const renderer = new DotRenderer();
const fixtures = Object.fromEntries(renderFixtures().map(({ name, input }) => [name, input]));

/** Graphviz's own `dot`, where the `graphviz` package is installed (apt-get install -y graphviz). */
const dotCli = spawnSync('dot', ['-V'], { encoding: 'utf8' });
const DOT_CLI_MISSING =
  dotCli.error === undefined && dotCli.status === 0
    ? null
    : `the "dot" command is not available (${dotCli.error?.message ?? `exit ${dotCli.status}`}); install it with "apt-get install -y graphviz"`;
if (DOT_CLI_MISSING !== null) console.warn(`dot.renderer.spec: skipping the dot -Tsvg checks: ${DOT_CLI_MISSING}`);

let graphviz: Graphviz;
beforeAll(async () => {
  graphviz = await Graphviz.load();
});

/**
 * The graph as Graphviz draws it: node ids and edges, read back from the SVG (the format
 * the service serves; the wasm build's "json" output crashes on some valid graphs).
 */
function drawnGraph(graphviz: Graphviz, dot: string): { nodes: string[]; edges: string[] } {
  const svg = graphviz.dot(dot, 'svg');
  const titles = (kind: string) =>
    [...svg.matchAll(new RegExp(`<g id="${kind}\\d+" class="${kind}">\\s*<title>([^<]*)</title>`, 'g'))].map((m) =>
      unescapeXml(m[1]),
    );
  return { nodes: titles('node'), edges: titles('edge') };
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return named[entity];
  });
}

function parse(dot: string): { nodes: string[]; edges: string[] } {
  return drawnGraph(graphviz, dot);
}

const flow = (
  source: string,
  destination: string,
  protocol: ResolvedFlow['protocol'],
  ports: [number, number] | null,
): ResolvedFlow => ({
  key: `${source}-${destination}-${protocol}-${ports?.join('-') ?? ''}`,
  source,
  destination,
  protocol,
  ipProtocolNumber: { tcp: 6, udp: 17, ipip: 4 }[protocol],
  fromPort: ports?.[0] ?? null,
  toPort: ports?.[1] ?? null,
  component: 'c',
  notes: '',
  sections: [],
  rows: [],
});

describe('DotRenderer', () => {
  it.each(Object.keys(fixtures))('writes a graph Graphviz reads, a node per role in the flows, for %s', (name) => {
    const input = fixtures[name];
    const dot = renderer.render(input);
    const graph = parse(dot);
    const roles = new Set([...input.flows, ...input.removed].flatMap((f) => [f.source, f.destination]));
    expect(new Set(graph.nodes)).toEqual(roles);
    expect(graph.nodes).toHaveLength(roles.size);
  });

  it.skipIf(DOT_CLI_MISSING !== null)(
    `is accepted by Graphviz's dot -Tsvg${DOT_CLI_MISSING === null ? '' : ` (skipped: ${DOT_CLI_MISSING})`}`,
    () => {
      for (const input of Object.values(fixtures)) {
        const result = spawnSync('dot', ['-Tsvg'], { input: renderer.render(input), encoding: 'utf8' });
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('</svg>');
      }
    },
  );

  it('merges the flows between two roles into one edge labelled with their protocols and ports', () => {
    const base = fixtures['kublr-canal-no-addresses'];
    const input: RenderInput = {
      ...base,
      flows: [
        flow('worker', 'master', 'tcp', [443, 443]),
        flow('worker', 'master', 'udp', [53, 53]),
        flow('worker', 'master', 'tcp', [10250, 10255]),
        flow('worker', 'master', 'ipip', null),
        flow('master', 'worker', 'tcp', [443, 443]),
      ],
    };
    const dot = renderer.render(input);
    expect(dot).toContain('"worker" -> "master" [label="tcp 443, 10250-10255\\nudp 53\\nipip"];');
    expect(parse(dot).edges.sort()).toEqual(['master->worker', 'worker->master']);
  });

  it('groups the members of a role that includes others in a cluster named after it', () => {
    const dot = renderer.render(fixtures['kublr-calico-full-addresses']);
    const cluster = dot.slice(dot.indexOf('subgraph "cluster_node"'), dot.indexOf('  }\n'));
    expect(cluster).toContain('label="Node"');
    for (const member of ['"node"', '"master"', '"worker"']) expect(cluster).toContain(member);
    expect(cluster).not.toContain('"kcp"');
  });

  it('draws the flows to add and to remove of a change as separate edges', () => {
    const dot = renderer.render(fixtures['kublr-upgrade-from-1.29.0']);
    expect(dot).toContain('"master" -> "master" [label="add\\ntcp 2380", color="#1a7f37"');
    expect(dot).toContain('"master" -> "master" [label="remove\\ntcp 2380-2390", color="#cf222e"');
  });

  it('escapes labels: quotes, backslashes, line breaks, entities and control characters', () => {
    expect(label('say "hi"')).toBe('"say \\"hi\\""');
    expect(label('C:\\dir\\')).toBe('"C:\\\\dir\\\\"');
    expect(label('a\nb\r\nc')).toBe('"a\\nb\\nc"');
    expect(label('&lt; & \u0000x')).toBe('"&amp;lt; &amp; x"');
  });

  it('writes no empty line in a label (Graphviz crashes on "\\n" and 100 characters) and no lone surrogate', () => {
    expect(label('\nx\n\ny\n')).toBe('" \\nx\\n \\ny\\n "');
    const base = fixtures['kublr-canal-no-addresses'];
    const crashing = `\n${'0123456789'.repeat(10)}`;
    const input: RenderInput = { ...base, roles: base.roles.map((role) => ({ ...role, name: crashing })) };
    expect(() => graphviz.dot(renderer.render(input), 'svg')).not.toThrow();
    const surrogates: RenderInput = { ...base, catalog: { title: '\ud800\ud800', version: '\udc00' } };
    expect(renderer.render(surrogates)).toContain('label="\ufffd\ufffd \ufffd"');
    expect(() => graphviz.dot(renderer.render(surrogates), 'svg')).not.toThrow();
  });

  it('keeps hostile role names and keys inside their labels', () => {
    const base = fixtures['kublr-canal-no-addresses'];
    const hostile = ['"]; evil -> graph; x [label="', 'back\\slash\\', 'new\nline', '<b>&amp;</b>'];
    const input: RenderInput = {
      ...base,
      roles: [
        ...base.roles.map((role, i) => (i < hostile.length ? { ...role, name: hostile[i] } : role)),
        { key: 'weird "key"\\', name: 'Weird', members: ['weird "key"\\'], ...HOST },
      ],
      flows: [...base.flows, flow('weird "key"\\', 'master', 'tcp', [1, 2])],
    };
    const dot = renderer.render(input);
    const graph = parse(dot);
    expect(graph.nodes).toHaveLength(new Set(input.flows.flatMap((f) => [f.source, f.destination])).size);
    expect(graph.nodes).not.toContain('evil');
    if (DOT_CLI_MISSING === null) {
      expect(spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' }).status).toBe(0);
    }
  });
});
