import { describe, expect, it } from 'vitest';
import { parseCatalogDocument, InvalidCatalogError } from './catalog-document';
import { applyCatalogEdit, CatalogEditError } from './catalog-edit';
import { catalogRowChanges, hasRowChanges } from './catalog-rows';

const CATALOG = parseCatalogDocument(`
version: "1"
roles:
  - { id: node, includes: [master, worker] }
  - { id: master }
  - { id: worker }
  - { id: internet }
parameters:
  - { name: cni, type: enum, values: [canal, calico], default: canal }
  - { name: ports, type: portRange, default: "30000-32767" }
flows:
  - { key: api, source: worker, destination: master, protocol: tcp, ports: "443" }
  - { key: bgp, source: node, destination: node, protocol: tcp, ports: "179", condition: 'cni == "calico"' }
  - { key: nodeports, source: internet, destination: worker, protocol: tcp, ports: "\${ports}" }
`);

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidCatalogError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected an InvalidCatalogError');
}

describe('applyCatalogEdit', () => {
  it('adds a flow, deriving its key, and reports it in document form', () => {
    const result = applyCatalogEdit(CATALOG, {
      op: 'create',
      entity: 'flow',
      item: { source: 'node', destination: 'internet', protocol: 'udp', ports: '53', component: 'DNS' },
    });
    expect(result.key).toBe('node-internet-udp-53-dns');
    expect(result.before).toBeNull();
    expect(result.after).toMatchObject({ key: 'node-internet-udp-53-dns', ports: '53' });
    expect(result.catalog.flows).toHaveLength(4);
    expect(catalogRowChanges(CATALOG, result.catalog).flows).toEqual({
      created: [result.catalog.flows[3]],
      updated: [],
      deleted: [],
    });
  });

  it('renames a role, and the inclusions and flows that name it follow', () => {
    const result = applyCatalogEdit(CATALOG, { op: 'replace', entity: 'role', key: 'worker', item: { id: 'compute' } });
    expect(result.catalog.roles.find((role) => role.key === 'node')?.includes).toEqual(['master', 'compute']);
    expect(result.catalog.flows.map((flow) => [flow.source, flow.destination])).toEqual([
      ['compute', 'master'],
      ['node', 'node'],
      ['internet', 'compute'],
    ]);
    const changes = catalogRowChanges(CATALOG, result.catalog);
    expect(changes.roles.created.map((role) => role.key)).toEqual(['compute']);
    expect(changes.roles.deleted).toEqual(['worker']);
    expect(changes.roles.updated.map((role) => role.key)).toEqual(['node']);
    expect(changes.flows.updated.map((flow) => flow.key)).toEqual(['api', 'nodeports']);
  });

  it('takes the key from the path when the item has none', () => {
    const result = applyCatalogEdit(CATALOG, {
      op: 'replace',
      entity: 'flow',
      key: 'api',
      item: { source: 'worker', destination: 'master', protocol: 'tcp', ports: '6443' },
    });
    expect(result.key).toBe('api');
    expect(result.before).toMatchObject({ ports: '443' });
    expect(result.after).toMatchObject({ ports: '6443' });
  });

  it('locates the problems of the edited item relative to it', () => {
    expect(
      problemsOf(() =>
        applyCatalogEdit(CATALOG, {
          op: 'create',
          entity: 'flow',
          item: { source: 'node', destination: 'mars', protocol: 'tcp', ports: '65536' },
        }),
      ),
    ).toEqual(['/ports: port 65536 is outside 1-65535', '/destination: unknown role "mars"']);
  });

  it('refuses a parameter change that breaks a condition, naming the flow', () => {
    const problems = problemsOf(() =>
      applyCatalogEdit(CATALOG, {
        op: 'replace',
        entity: 'parameter',
        key: 'cni',
        item: { type: 'enum', values: ['canal', 'weave'] },
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\/flows\/1\/condition: condition "cni == \\"calico\\""/);
  });

  it('refuses an inclusion cycle', () => {
    expect(
      problemsOf(() =>
        applyCatalogEdit(CATALOG, { op: 'replace', entity: 'role', key: 'master', item: { includes: ['node'] } }),
      ),
    ).toEqual(['/roles: roles include each other in a cycle: node -> master -> node']);
  });

  it.each([
    [
      { op: 'delete', entity: 'role', key: 'master' },
      'conflict',
      /role "master" is still used by role "node", flow "api"/,
    ],
    [
      { op: 'delete', entity: 'parameter', key: 'ports' },
      'conflict',
      /parameter "ports" is still used by flow "nodeports"/,
    ],
    [{ op: 'delete', entity: 'parameter', key: 'cni' }, 'conflict', /flow "bgp"/],
    [{ op: 'delete', entity: 'flow', key: 'nope' }, 'not-found', /flow "nope" not found/],
    [{ op: 'create', entity: 'role', item: { id: 'master' } }, 'conflict', /role "master" already exists/],
    [
      {
        op: 'replace',
        entity: 'flow',
        key: 'api',
        item: { key: 'bgp', source: 'node', destination: 'node', protocol: 'udp', ports: '1' },
      },
      'conflict',
      /cannot rename flow "api" to "bgp"/,
    ],
  ] as const)('refuses %j (%s)', (edit, kind, message) => {
    try {
      applyCatalogEdit(CATALOG, edit);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CatalogEditError);
      expect((error as CatalogEditError).kind).toBe(kind);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('deletes an unused parameter, and nothing else changes', () => {
    const added = applyCatalogEdit(CATALOG, {
      op: 'create',
      entity: 'parameter',
      item: { name: 'ipv6', type: 'boolean' },
    });
    const removed = applyCatalogEdit(added.catalog, { op: 'delete', entity: 'parameter', key: 'ipv6' });
    expect(removed.catalog).toEqual(CATALOG);
    expect(hasRowChanges(catalogRowChanges(CATALOG, removed.catalog))).toBe(false);
  });
});
