import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog, parseCatalogDocument } from '../catalog/catalog-document';
import { resolveParameterValues } from '../parameters/parameter-values';
import { compileCatalog } from './compiled-catalog';
import { applyFlowDiff, diffFlows } from './diff-flows';
import { resolveFlows } from './resolve-flows';
import type { ResolvedFlow } from './resolved-flow';

const SEED_PATH = join(__dirname, '../../../prisma/seed/kublr-network-access.catalog.yaml');
const kublr = compileCatalog(parseCatalogDocument(readFileSync(SEED_PATH, 'utf8')));
const flowsUnder = (overrides: Record<string, unknown>, filter = {}): ResolvedFlow[] =>
  resolveFlows(kublr, resolveParameterValues(kublr.parameters, overrides), filter);
const keys = (flows: readonly ResolvedFlow[]): string[] => flows.map((flow) => flow.key);

/** The flows of a one-row catalog, to build versions of a row by hand. */
function single(row: Record<string, unknown>): ResolvedFlow[] {
  const flow = { key: 'k', source: 'a', destination: 'b', protocol: 'tcp', ports: '443', ...row };
  return resolveFlows(
    compileCatalog(buildCatalog({ version: '1', roles: [{ id: 'a' }, { id: 'b' }], flows: [flow] })),
    {},
  );
}

describe('diffFlows on the Kublr catalog', () => {
  it('canal -> calico: the Canal rows go, the Calico rows come, the rest stays', () => {
    const before = flowsUnder({});
    const after = flowsUnder({ cni: 'calico' });
    const diff = diffFlows(before, after);
    expect(keys(diff.removed).sort()).toEqual(['canal-typha', 'canal-vxlan']);
    expect(keys(diff.added).sort()).toEqual(['calico-bgp', 'calico-ipip', 'calico-typha', 'calico-vxlan']);
    expect(diff.changed).toEqual([]);
    expect(applyFlowDiff(before, diff)).toEqual(after);
  });

  it('lists added and removed in content order', () => {
    const diff = diffFlows(flowsUnder({}), flowsUnder({ cni: 'calico' }));
    expect(keys(diff.added)).toEqual(['calico-ipip', 'calico-bgp', 'calico-typha', 'calico-vxlan']);
    expect(keys(diff.removed)).toEqual(['canal-typha', 'canal-vxlan']);
  });

  it('a new nodePortRange changes the ingress flows, keyed as before', () => {
    const before = flowsUnder({ ingressLoadBalancer: true });
    const after = flowsUnder({ ingressLoadBalancer: true, nodePortRange: '32080' });
    const diff = diffFlows(before, after);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(
      diff.changed.map((c) => [c.after.key, c.before.fromPort, c.before.toPort, c.after.fromPort, c.after.toPort]),
    ).toEqual([
      ['ingress-lb-worker-node-ports/tcp', 30000, 32767, 32080, 32080],
      ['ingress-lb-worker-node-ports/udp', 30000, 32767, 32080, 32080],
    ]);
    expect(applyFlowDiff(before, diff)).toEqual(after);
  });

  it('air-gapping swaps the internet rows for the intranet rows', () => {
    const before = flowsUnder({}, { from: 'worker' });
    const after = flowsUnder({ airGap: true }, { from: 'worker' });
    const diff = diffFlows(before, after);
    expect(keys(diff.removed).sort()).toEqual([
      'node-internet-dns/tcp',
      'node-internet-dns/udp',
      'node-internet-https',
    ]);
    expect(keys(diff.added).sort()).toEqual([
      'node-intranet-dns/tcp',
      'node-intranet-dns/udp',
      'node-intranet-repository',
    ]);
    expect(applyFlowDiff(before, diff)).toEqual(after);
  });

  it('no change gives an empty diff, and applying it gives the same flows', () => {
    const flows = flowsUnder({ cni: 'weave', byoInfrastructure: true });
    const diff = diffFlows(flows, flows);
    expect(diff).toEqual({ added: [], removed: [], changed: [] });
    expect(applyFlowDiff(flows, diff)).toEqual(flows);
  });
});

describe('diffFlows on hand-made versions of a row', () => {
  it('reports a change of ports, protocol, roles, component or notes under the same key', () => {
    const before = single({});
    for (const change of [
      { ports: '8443' },
      { protocol: 'udp' },
      { source: 'b' },
      { destination: 'a' },
      { component: 'API' },
      { notes: 'why' },
    ]) {
      const after = single(change);
      const diff = diffFlows(before, after);
      expect(diff.changed, JSON.stringify(change)).toEqual([{ before: before[0], after: after[0] }]);
      expect(diff.added).toEqual([]);
      expect(diff.removed).toEqual([]);
      expect(applyFlowDiff(before, diff)).toEqual(after);
    }
  });

  it('the same rule under another key is one removed and one added', () => {
    const before = single({});
    const after = single({ key: 'renamed' });
    expect(diffFlows(before, after)).toEqual({ added: after, removed: before, changed: [] });
  });

  it('a row becoming tcp/udp: its key gains a suffix, so it is removed and two are added', () => {
    const diff = diffFlows(single({}), single({ protocol: 'tcp/udp' }));
    expect(keys(diff.removed)).toEqual(['k']);
    expect(keys(diff.added)).toEqual(['k/tcp', 'k/udp']);
  });

  // Known gap: diffFlows compares only the rule and its texts, so a row moved to another
  // section of the document gives an empty diff, and applying it keeps the old section:
  // "Applying the diff to `before` gives `after`" does not hold. Remove `.fails` once
  // diffFlows reports (or applyFlowDiff carries) section changes.
  it('a section-only change survives applyFlowDiff', () => {
    const before = single({ section: 'Table 1' });
    const after = single({ section: 'Table 2' });
    expect(applyFlowDiff(before, diffFlows(before, after))).toEqual(after);
  });
});
