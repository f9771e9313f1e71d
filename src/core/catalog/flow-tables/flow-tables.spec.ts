import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { compileCondition } from '../../conditions';
import type { ParameterValues } from '../../parameters/parameter.types';
import type { FlowDefinition } from '../catalog-definition';
import { formatFlowPorts, parseCatalogDocument, validateCatalog } from '../catalog-document';
import {
  fittingVocabulary,
  MAX_FLOW_TABLE_ROWS,
  parseFlowTables,
  type FlowTableCatalog,
  type FlowTableFormat,
  type FlowTableImport,
} from '.';
import { catalogRowChanges } from '../catalog-rows';
import { planFlowImport } from '../flow-import';
import { KUBLR_TABLE_VOCABULARY } from '../kublr-table-vocabulary';
import { compileCatalog, resolveFlows } from '../../flows';
import { resolveParameterValues } from '../../parameters/parameter-values';

const SEED_PATH = join(__dirname, '../../../../prisma/seed/kublr-network-access.catalog.yaml');
const FIXTURES = join(__dirname, '__fixtures__');
const seed = parseCatalogDocument(readFileSync(SEED_PATH, 'utf8'));
const documentText: Record<FlowTableFormat, string> = {
  markdown: readFileSync(join(FIXTURES, 'network-access-tables.md'), 'utf8'),
  csv: readFileSync(join(FIXTURES, 'network-access-tables.csv'), 'utf8'),
};

/** Every profile over the seed's enum and boolean parameters (port ranges at their defaults). */
const PROFILES: ParameterValues[] = seed.parameters.reduce<ParameterValues[]>(
  (profiles, parameter) => {
    const choices =
      parameter.type === 'enum'
        ? (parameter.values ?? [])
        : parameter.type === 'boolean'
          ? [false, true]
          : [parameter.defaultValue ?? ''];
    return profiles.flatMap((profile) => choices.map((value) => ({ ...profile, [parameter.name]: value })));
  },
  [{}],
);

/** The condition's meaning: its value in every profile, so "!airGap" and "!(airGap)" agree. */
function truthTable(condition: string | null): string {
  const compiled = compileCondition(condition, seed.parameters);
  return PROFILES.map((profile) => (compiled.evaluate(profile) ? '1' : '0')).join('');
}

/** What makes two flows the same requirement: roles, protocol, ports and when it applies. */
function identity(flow: FlowDefinition): string {
  return [flow.source, flow.destination, flow.protocol, formatFlowPorts(flow.ports), truthTable(flow.condition)].join(
    ' ',
  );
}

function importDocument(format: FlowTableFormat): FlowTableImport {
  return parseFlowTables(documentText[format], format, seed, KUBLR_TABLE_VOCABULARY);
}

/** The seed flow each imported flow stands for, matched by identity once the documented differences are undone. */
function seedTwin(flow: FlowDefinition): FlowDefinition {
  const twin = seed.flows.find((candidate) => identity(asDocumentWritesIt(candidate)) === identity(flow));
  if (!twin) throw new Error(`no seed flow like ${identity(flow)}`);
  return twin;
}

// Where the seed catalog departs from the document on purpose (see the comments at its top).
/** "The ingress LB row's ports are the NodePort range, so they come from `nodePortRange`." */
const INGRESS_SEED_KEY = 'ingress-lb-worker-node-ports';
/** Rows whose Notes is a sentence: the seed names the component itself and keeps the sentence as notes. */
const CURATED_COMPONENTS: Record<string, string> = {
  'worker-master-secret-store': 'Kublr secret store',
  'master-lb-master-kubernetes-api': 'Kubernetes API via master LB',
  'ingress-lb-worker-node-ports': 'Ingress NodePorts',
  'kcp-master-kubernetes-api': 'Kubernetes API',
  'kcp-cloud-api': 'Cloud/infrastructure API',
  'kcp-master-secret-store': 'Kublr secret store',
};

/** A seed flow as the document writes it: the ingress LB row has the fixed NodePort range. */
function asDocumentWritesIt(flow: FlowDefinition): FlowDefinition {
  return flow.key === INGRESS_SEED_KEY ? { ...flow, ports: range(30000, 32767) } : flow;
}

describe.each<FlowTableFormat>(['markdown', 'csv'])('the Network Access tables written as %s', (format) => {
  const result = importDocument(format);

  it('reads all 24 rows without a problem', () => {
    expect(result.problems).toEqual([]);
    expect(result.flows).toHaveLength(24);
  });

  it('gives the seed catalog’s flows, identity for identity, but for the ingress LB ports', () => {
    const imported = result.flows.map(identity).sort();
    expect(imported).toEqual(seed.flows.map(asDocumentWritesIt).map(identity).sort());
    // Without that one documented difference, the identities are exactly the seed's.
    const seedIdentities = new Set(seed.flows.map(identity));
    expect(imported.filter((item) => !seedIdentities.has(item))).toEqual([
      identity({ ...seed.flows.find((flow) => flow.key === INGRESS_SEED_KEY)!, ports: range(30000, 32767) }),
    ]);
  });

  it('keeps the ingress LB row’s "30000-32767" fixed where the seed names the nodePortRange parameter', () => {
    const seedIngress = seed.flows.find((flow) => flow.key === INGRESS_SEED_KEY)!;
    expect(seedIngress.ports).toEqual({ kind: 'parameter', name: 'nodePortRange' });
    expect(seed.parameters.find((parameter) => parameter.name === 'nodePortRange')?.defaultValue).toBe('30000-32767');
    const ingress = result.flows.filter((flow) => flow.source === 'ingress-lb');
    expect(ingress).toEqual([
      expect.objectContaining({
        destination: 'worker',
        protocol: 'tcp/udp',
        ports: range(30000, 32767),
        condition: 'ingressLoadBalancer',
      }),
    ]);
  });

  it('reads the document’s condition wording as the seed’s conditions', () => {
    const conditionOf = (notes: string): string | null | undefined =>
      result.flows.find((flow) => flow.notes === notes)?.condition;
    expect(conditionOf('Canal')).toBe('cni == "canal"');
    expect(conditionOf('Calico IP-in-IP')).toBe('cni == "calico"');
    expect(conditionOf('DNS')).toBe('!airGap');
    expect(conditionOf('Intra-organizational DNS')).toBe('airGap');
    expect(conditionOf('Kubelet API')).toBeNull();
    expect(result.flows.filter((flow) => flow.condition === 'byoInfrastructure')).toHaveLength(2);
    expect(result.flows.filter((flow) => flow.condition === 'masterLoadBalancer')).toHaveLength(1);
  });

  it('reads "4 (IP-in-IP)" as protocol ipip without ports', () => {
    const ipip = result.flows.filter((flow) => flow.protocol === 'ipip');
    expect(ipip).toEqual([expect.objectContaining({ source: 'node', destination: 'node', ports: { kind: 'none' } })]);
  });

  it('takes the section from the table title, as the seed does', () => {
    for (const flow of result.flows) {
      expect(flow.section).toBe(seedTwin(flow).section);
    }
  });

  it('uses Notes as the component, which is the seed’s component except where the seed named one itself', () => {
    for (const flow of result.flows) {
      const twin = seedTwin(flow);
      expect(flow.component).toBe(flow.notes);
      if (twin.key in CURATED_COMPONENTS) {
        expect(twin.component).toBe(CURATED_COMPONENTS[twin.key]);
        expect(twin.notes).toBe(flow.notes);
      } else {
        expect(twin.component).toBe(flow.component);
        // The seed leaves notes empty when Notes became the component, and adds one note.
        expect(twin.notes).toBe(twin.key === 'calico-ipip' ? 'IP protocol 4 (IP-in-IP); no ports' : '');
      }
    }
  });

  it('derives unique keys, folding the condition in where two rows would share one', () => {
    const keys = result.flows.map((flow) => flow.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('node-node-tcp-10250-kubelet-api');
    expect(keys).toContain('node-node-tcp-5473-cni-canal-calico-typha');
    expect(keys).toContain('node-node-tcp-5473-cni-calico-calico-typha');
    expect(keys).toContain('node-node-udp-8472-canal');
  });

  it('gives flows that form a valid catalog with the seed’s roles and parameters', () => {
    expect(validateCatalog({ ...seed, flows: result.flows })).toEqual([]);
  });
});

describe('parseFlowTables', () => {
  it('reads Markdown and CSV of the same document into the same flows', () => {
    expect(importDocument('csv').flows).toEqual(importDocument('markdown').flows);
  });

  it('names each row and cell it needs the Kublr vocabulary for when read without it', () => {
    const { flows, problems } = parseFlowTables(documentText.markdown, 'markdown', seed);
    expect(problems).toEqual([
      {
        path: 'table 2, row 2, column Conditions',
        message: expect.stringContaining('"Bring-your-own-infrastructure"'),
      },
      { path: 'table 4, row 5, column Conditions', message: expect.stringContaining('"master LB"') },
      { path: 'table 4, row 6, column Conditions', message: expect.stringContaining('"ingress LB"') },
      { path: 'table 5, row 1, column Destination', message: 'unknown role "Managed Clusters’ K8S API"' },
      { path: 'table 5, row 3, column Destination', message: 'unknown role "Managed Clusters’ Masters"' },
      {
        path: 'table 5, row 3, column Conditions',
        message: expect.stringContaining('"Bring-your-own-infrastructure"'),
      },
    ]);
    expect(flows).toHaveLength(24 - 5);
  });

  it('reads a boolean parameter’s name however it is spelled, and the vocabulary under its negations', () => {
    const { flows, problems } = parseFlowTables(
      table(
        ['Port', 'Protocol', 'Conditions'],
        [
          ['1', 'TCP', 'BYO infrastructure'],
          ['2', 'TCP', 'Air_Gap'],
          ['3', 'TCP', 'not a master LB deployment'],
          ['4', 'TCP', 'no weave'],
        ],
        'Table 9. Node to Node',
      ),
      'markdown',
      seed,
      { conditions: { 'A master LB': 'masterLoadBalancer' } },
    );
    expect(problems).toEqual([]);
    expect(flows.map((flow) => flow.condition)).toEqual([
      'byoInfrastructure',
      'airGap',
      '!(masterLoadBalancer)',
      'cni != "weave"',
    ]);
  });

  it('keeps a condition expression as written', () => {
    const { flows, problems } = parseFlowTables(
      table(
        ['Port', 'Protocol', 'Conditions'],
        [['1', 'TCP', 'cni in ["calico", "canal"] && !airGap']],
        '## Node to Node',
      ),
      'markdown',
      seed,
    );
    expect(problems).toEqual([]);
    expect(flows[0].condition).toBe('cni in ["calico", "canal"] && !airGap');
  });

  it('reports a condition that matches two parameters instead of picking one', () => {
    const catalog: FlowTableCatalog = {
      roles: seed.roles,
      parameters: [...seed.parameters, { name: 'calico', type: 'boolean', defaultValue: false, description: '' }],
    };
    const { flows, problems } = parseFlowTables(
      table(['Port', 'Protocol', 'Conditions'], [['1', 'TCP', 'Calico (default)']], '## Node to Node'),
      'markdown',
      catalog,
    );
    expect(flows).toEqual([]);
    expect(problems).toEqual([
      {
        path: 'table 1, row 1, column Conditions',
        message: 'condition "calico" could mean any of calico, cni == "calico"',
      },
    ]);
  });

  it('uses Key, Component and Section columns when the table has them', () => {
    const csv = [
      'Key,Section,Port,Protocol,Source,Destination,Component,Notes',
      'ssh,Table 7. Admin,22,TCP,Internet,Nodes,SSH,"Operators, from anywhere"',
      ',Table 8. Workers to Master LB,${nodePortRange},TCP,,,NodePorts,',
    ].join('\n');
    const { flows, problems } = parseFlowTables(csv, 'csv', seed);
    expect(problems).toEqual([]);
    expect(flows).toEqual([
      {
        key: 'ssh',
        source: 'internet',
        destination: 'node',
        protocol: 'tcp',
        ports: range(22, 22),
        condition: null,
        component: 'SSH',
        notes: 'Operators, from anywhere',
        section: 'Table 7. Admin',
      },
      {
        key: 'worker-master-lb-tcp-nodeportrange-nodeports',
        source: 'worker',
        destination: 'master-lb',
        protocol: 'tcp',
        ports: { kind: 'parameter', name: 'nodePortRange' },
        condition: null,
        component: 'NodePorts',
        notes: '',
        section: 'Table 8. Workers to Master LB',
      },
    ]);
  });

  it('reads a CSV whose first record is its title', () => {
    const csv = 'Table 2. Workers to Masters,,,\nPort,Protocol,Conditions,Notes\n443,TCP,,Kubernetes API\n';
    const { flows, problems } = parseFlowTables(csv, 'csv', seed);
    expect(problems).toEqual([]);
    expect(flows).toEqual([
      expect.objectContaining({ source: 'worker', destination: 'master', section: 'Table 2. Workers to Masters' }),
    ]);
  });

  it('reads role names case-, plural-, space- and hyphen-insensitively', () => {
    const { flows, problems } = parseFlowTables(
      table(
        ['Port', 'Protocol', 'Source', 'Destination'],
        [
          ['1', 'TCP', 'MASTER-LB', 'masters'],
          ['2', 'TCP', 'kcp nodes', 'cloud-api'],
          ['3', 'tcp', 'ingress_lb', 'Cloud/infra API'],
        ],
      ),
      'markdown',
      seed,
    );
    expect(problems).toEqual([]);
    expect(flows.map((flow) => [flow.source, flow.destination])).toEqual([
      ['master-lb', 'master'],
      ['kcp', 'cloud-api'],
      ['ingress-lb', 'cloud-api'],
    ]);
  });

  describe('reports bad input as problems, never throwing', () => {
    const nodeToNode = (rows: string[][]): FlowTableImport =>
      parseFlowTables(table(['Port', 'Protocol', 'Conditions', 'Notes'], rows, '## Node to Node'), 'markdown', seed);

    it('an unknown role', () => {
      const { flows, problems } = parseFlowTables(
        table(['Port', 'Protocol', 'Source', 'Destination'], [['22', 'TCP', 'Bastion', 'Node']]),
        'markdown',
        seed,
      );
      expect(flows).toEqual([]);
      expect(problems).toEqual([{ path: 'table 1, row 1, column Source', message: 'unknown role "Bastion"' }]);
    });

    it('an unknown role in a title, once for the table', () => {
      const { flows, problems } = nodeToNode([
        ['1', 'TCP', '', ''],
        ['2', 'TCP', '', ''],
      ]);
      expect(flows).toHaveLength(2);
      expect(problems).toEqual([]);
      const other = parseFlowTables(
        table(['Port', 'Protocol'], [['1', 'TCP']], 'Table 6. Bastion to Node'),
        'markdown',
        seed,
      );
      expect(other.flows).toEqual([]);
      expect(other.problems).toEqual([
        {
          path: 'table 1, title',
          message: 'title "Table 6. Bastion to Node": unknown role "Bastion"; the table is not read',
        },
      ]);
    });

    it('a table without Source and Destination whose title does not say "X to Y"', () => {
      const { problems } = parseFlowTables(table(['Port', 'Protocol'], [['1', 'TCP']], '## Other'), 'markdown', seed);
      expect(problems).toEqual([
        { path: 'table 1, title', message: 'title "Other" does not say "X to Y"; the table is not read' },
      ]);
    });

    it('a CSV without Source and Destination columns and without a section', () => {
      const { flows, problems } = parseFlowTables('Port,Protocol,Notes\n443,TCP,Kubernetes API\n', 'csv', seed);
      expect(flows).toEqual([]);
      expect(problems).toEqual([{ path: 'header', message: expect.stringContaining('no Section column') }]);
    });

    it('a CSV row whose Section cannot give its roles', () => {
      const { flows, problems } = parseFlowTables('Section,Port,Protocol\nTable 4. Other,443,TCP\n', 'csv', seed);
      expect(flows).toEqual([]);
      expect(problems).toEqual([
        { path: 'row 1, column Section', message: 'title "Table 4. Other" does not say "X to Y"' },
      ]);
    });

    it('an unknown condition text', () => {
      const { flows, problems } = nodeToNode([['443', 'TCP', 'when the moon is full', '']]);
      expect(flows).toEqual([]);
      expect(problems).toEqual([
        {
          path: 'table 1, row 1, column Conditions',
          message: expect.stringContaining('cannot read "when the moon is full" as a condition'),
        },
      ]);
    });

    it('a condition cell trying to run code', () => {
      const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
      try {
        const { flows, problems } = nodeToNode([
          ['443', 'TCP', 'process.exit()', ''],
          ['444', 'TCP', '${process.exit(1)}', ''],
          ['445', 'TCP', 'constructor', ''],
          ['446', 'TCP', '__proto__', ''],
        ]);
        expect(flows).toEqual([]);
        expect(problems.map((problem) => problem.path)).toEqual(
          [1, 2, 3, 4].map((row) => `table 1, row ${row}, column Conditions`),
        );
        expect(problems[0].message).toContain('cannot read "process.exit()" as a condition');
        expect(exit).not.toHaveBeenCalled();
      } finally {
        exit.mockRestore();
      }
    });

    it('port 70000 and a backwards range', () => {
      const { flows, problems } = nodeToNode([
        ['70000', 'TCP', '', ''],
        ['32767-30000', 'UDP', '', ''],
        ['30000 – 32767', 'UDP', '', 'en dash'],
      ]);
      expect(flows).toEqual([expect.objectContaining({ ports: range(30000, 32767), notes: 'en dash' })]);
      expect(problems).toEqual([
        { path: 'table 1, row 1, column Port', message: 'port 70000 is outside 1-65535' },
        { path: 'table 1, row 2, column Port', message: 'range 32767-30000 is written backwards' },
      ]);
    });

    it('ports and protocols that do not fit', () => {
      const { flows, problems } = nodeToNode([
        ['${cni}', 'TCP', '', ''],
        ['${nope}', 'TCP', '', ''],
        ['4 (IP-in-IP)', 'TCP', '', ''],
        ['', 'TCP', '', ''],
        ['443', 'SCTP', '', ''],
        ['443', '', '', ''],
        ['443', 'IPIP', '', ''],
      ]);
      expect(flows).toEqual([]);
      expect(problems).toEqual([
        {
          path: 'table 1, row 1, column Port',
          message: 'names parameter "cni", which is of type enum, not a portRange',
        },
        { path: 'table 1, row 2, column Port', message: 'names unknown parameter "nope"' },
        { path: 'table 1, row 3, column Port', message: '"4 (IP-in-IP)" is IP protocol 4, but the protocol is TCP' },
        { path: 'table 1, row 4, column Port', message: expect.stringContaining('is empty') },
        { path: 'table 1, row 5, column Protocol', message: '"SCTP" is not TCP, UDP, TCP/UDP or IPIP' },
        { path: 'table 1, row 6, column Protocol', message: 'is empty; write TCP, UDP or TCP/UDP' },
        { path: 'table 1, row 7, column Port', message: 'protocol IPIP (IP protocol 4) has no ports; remove "443"' },
      ]);
    });

    it('ragged rows in Markdown', () => {
      const markdownText = [
        'Table 1. Node to Node',
        '',
        '| Port | Protocol | Conditions | Notes |',
        '| --- | --- | --- | --- |',
        '| 443 | TCP | Kubelet API |',
        '| 444 | TCP | | Notes | extra |',
        '| 445 | TCP | | a \\| b |',
        '| 446 | TCP | | `a|b` |',
      ].join('\n');
      const { flows, problems } = parseFlowTables(markdownText, 'markdown', seed);
      expect(flows).toEqual([expect.objectContaining({ ports: range(445, 445), notes: 'a | b' })]);
      expect(problems).toEqual([
        { path: 'table 1, row 1', message: 'has 3 cells, the header has 4' },
        { path: 'table 1, row 2', message: 'has 5 cells, the header has 4' },
        { path: 'table 1, row 4', message: 'has 5 cells, the header has 4' },
      ]);
    });

    it('ragged rows in CSV', () => {
      const csv =
        'Section,Port,Protocol,Notes\nNode to Node,443,TCP\nNode to Node,444,TCP,,x\nNode to Node,445,TCP,ok\n';
      const { flows, problems } = parseFlowTables(csv, 'csv', seed);
      expect(flows).toEqual([expect.objectContaining({ ports: range(445, 445), notes: 'ok' })]);
      expect(problems).toEqual([
        { path: 'row 1', message: 'has 3 cells, the header has 4' },
        { path: 'row 2', message: 'has 5 cells, the header has 4' },
      ]);
    });

    it.each<FlowTableFormat>(['markdown', 'csv'])('an empty %s input', (format) => {
      for (const text of ['', '   \n\n']) {
        const { flows, problems } = parseFlowTables(text, format, seed);
        expect(flows).toEqual([]);
        expect(problems).toEqual([
          { path: '', message: format === 'csv' ? 'the CSV has no header row' : 'no table found' },
        ]);
      }
    });

    it('control characters in Markdown rows and titles', () => {
      const markdownText = [
        'Table 1. Node to Node',
        '',
        '| Port | Protocol | Notes |',
        '| --- | --- | --- |',
        '| 443 | TCP | bell \u0007 |',
        '| 444 | TCP | nul \u0000 |',
        '| 445 | TCP | escape \u001b[31m |',
        '| 446 | TCP | fine |',
        '',
        'Table 2. Node\u0000 to Node',
        '',
        '| Port | Protocol |',
        '| --- | --- |',
        '| 1 | TCP |',
      ].join('\n');
      const { flows, problems } = parseFlowTables(markdownText, 'markdown', seed);
      expect(flows).toEqual([expect.objectContaining({ notes: 'fine' })]);
      expect(problems).toEqual([
        // Titles are read with the document, before any row.
        { path: 'table 2, title', message: 'contains control character U+0000; the title is not used' },
        { path: 'table 1, row 1', message: 'contains control character U+0007' },
        { path: 'table 1, row 2', message: 'contains control character U+0000' },
        { path: 'table 1, row 3', message: 'contains control character U+001B' },
        { path: 'table 2', message: expect.stringContaining('no title "X to Y"') },
      ]);
    });

    it('control characters in CSV cells', () => {
      const csv = 'Section,Port,Protocol,Notes\nNode to Node,443,TCP,"nul \u0000"\nNode to Node,444,TCP,"two\nlines"\n';
      const { flows, problems } = parseFlowTables(csv, 'csv', seed);
      expect(flows).toEqual([expect.objectContaining({ notes: 'two\nlines' })]);
      expect(problems).toEqual([{ path: 'row 1', message: 'contains control character U+0000' }]);
    });

    it('huge cells', () => {
      const huge = 'x'.repeat(1_000_000);
      const { flows, problems } = parseFlowTables(
        table(
          ['Port', 'Protocol', 'Source', 'Destination', 'Conditions', 'Notes'],
          [
            ['443', 'TCP', huge, 'Node', '', ''],
            ['444', 'TCP', 'Node', 'Node', huge, ''],
            ['445', 'TCP', 'Node', 'Node', '', huge],
            [huge, 'TCP', 'Node', 'Node', '', ''],
            ['446', 'TCP', 'Node', 'Node', '', 'y'.repeat(500)],
          ],
        ),
        'markdown',
        seed,
      );
      expect(flows).toEqual([expect.objectContaining({ notes: 'y'.repeat(500), component: `${'y'.repeat(199)}…` })]);
      expect(problems.map((problem) => problem.path)).toEqual([
        'table 1, row 1, column Source',
        'table 1, row 2, column Conditions',
        'table 1, row 3, column Notes',
        'table 1, row 4, column Port',
      ]);
      for (const problem of problems) expect(problem.message.length).toBeLessThan(300);
    });

    it('input over 5 MiB', () => {
      const { problems } = parseFlowTables('x'.repeat(5 * 1024 * 1024 + 1), 'markdown', seed);
      expect(problems).toEqual([{ path: '', message: 'the input is larger than 5 MiB' }]);
    });

    it.each<FlowTableFormat>(['markdown', 'csv'])(`more than ${MAX_FLOW_TABLE_ROWS} rows in %s`, (format) => {
      const rows = Array.from({ length: MAX_FLOW_TABLE_ROWS + 5 }, (_, index) => [String(index + 1), 'TCP']);
      const text =
        format === 'csv'
          ? ['Node to Node', 'Port,Protocol', ...rows.map((row) => row.join(','))].join('\n')
          : table(['Port', 'Protocol'], rows, '## Node to Node');
      const { flows, problems } = parseFlowTables(text, format, seed);
      expect(flows).toHaveLength(MAX_FLOW_TABLE_ROWS);
      const at = format === 'csv' ? '' : 'table 1, ';
      expect(problems).toEqual([
        {
          path: `${at}row ${MAX_FLOW_TABLE_ROWS + 1}`,
          message: `more than ${MAX_FLOW_TABLE_ROWS} rows; this row and the ones after it are not read`,
        },
      ]);
    });

    it('unknown, repeated and missing columns', () => {
      const { flows, problems } = parseFlowTables(
        [
          table(['Port', 'Protocol', 'Owner'], [['1', 'TCP', 'me']], '## Node to Node'),
          table(['Port', 'Port', 'Protocol'], [['1', '1', 'TCP']], '## Node to Node'),
          table(['Protocol', 'Notes'], [['TCP', '']], '## Node to Node'),
        ].join('\n\n'),
        'markdown',
        seed,
      );
      expect(flows).toEqual([]);
      expect(problems).toEqual([
        { path: 'table 1', message: expect.stringContaining('column "Owner" is not one of Port, Protocol') },
        { path: 'table 2', message: 'column "Port" repeats column Port; the table is not read' },
        { path: 'table 3', message: 'has no Port column; the table is not read' },
      ]);
    });

    it('repeated rows and keys', () => {
      const { flows, problems, warnings } = parseFlowTables(
        table(
          ['Key', 'Port', 'Protocol', 'Conditions'],
          [
            ['a', '1', 'TCP', 'airGap'],
            ['b', '1', 'TCP', '(airGap)'],
            ['a', '2', 'TCP', ''],
            ['not a key!', '3', 'TCP', ''],
          ],
          '## Node to Node',
        ),
        'markdown',
        seed,
      );
      expect(flows.map((flow) => flow.key)).toEqual(['a']);
      expect(problems).toEqual([
        { path: 'table 1, row 4, column Key', message: expect.stringContaining('"not a key!" is not a flow key') },
        {
          path: 'table 1, row 3',
          message: 'flow key "a" is used by table 1, row 1 too; add a Key column to tell them apart',
        },
      ]);
      expect(warnings).toEqual([
        {
          path: 'table 1, row 2',
          message: expect.stringMatching(
            /^repeats table 1, row 1 \(same roles, protocol, ports, condition and component\): kept once/,
          ),
        },
      ]);
    });

    it('malformed CSV', () => {
      const { flows, problems } = parseFlowTables('Port,Protocol\n"443,TCP\n', 'csv', seed);
      expect(flows).toEqual([]);
      expect(problems).toEqual([{ path: '', message: expect.stringMatching(/^not valid CSV: /) }]);
    });

    it('a table inside a quote', () => {
      const { flows, problems } = parseFlowTables(
        '> | Port | Protocol |\n> | --- | --- |\n> | 1 | TCP |\n',
        'markdown',
        seed,
      );
      expect(flows).toEqual([]);
      expect(problems).toEqual([{ path: 'table 1', message: expect.stringContaining('inside a list or a quote') }]);
    });

    it('vocabulary entries that do not fit the catalog', () => {
      const { problems } = parseFlowTables(
        table(['Port', 'Protocol', 'Conditions'], [['1', 'TCP', 'lb']], '## Node to Node'),
        'markdown',
        seed,
        { roles: { Bastion: 'bastion' }, conditions: { lb: 'loadBalancer' } },
      );
      expect(problems).toEqual([
        { path: 'vocabulary, roles, "Bastion"', message: 'names unknown role "bastion"' },
        { path: 'vocabulary, conditions, "lb"', message: expect.stringContaining('"loadBalancer": ') },
        { path: 'table 1, row 1, column Conditions', message: expect.stringContaining('cannot read "lb"') },
      ]);
    });

    it('any text at all, in either format', () => {
      const cell = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom('Node', 'TCP', 'UDP', '443', '4 (IP-in-IP)', 'Canal (default)', '${nodePortRange}', '|', '"'),
      );
      fc.assert(
        fc.property(
          fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 8 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          (rows, noise) => {
            const header = ['Port', 'Protocol', 'Source', 'Destination', 'Conditions', 'Notes'];
            const inputs: Array<[string, FlowTableFormat]> = [
              [table(header, rows, '## Node to Node'), 'markdown'],
              [[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n'), 'csv'],
              [noise, 'markdown'],
              [noise, 'csv'],
            ];
            for (const [text, format] of inputs) {
              const result = parseFlowTables(text, format, seed, KUBLR_TABLE_VOCABULARY);
              // Whether a condition can ever be true is the catalog's check, not the import's.
              const problems = validateCatalog({ ...seed, flows: result.flows }).filter(
                (problem) => !problem.message.includes('can never be true'),
              );
              expect(problems).toEqual([]);
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});

describe('a vendor table listing one port under two components', () => {
  const rows = [
    ['6443', 'TCP', 'Cloud controller reads node objects'],
    ['6443', 'TCP', 'Ingress controller watches ingresses'],
    ['6443', 'TCP', 'Cloud controller reads node objects'],
  ];
  const markdown = table(['Port', 'Protocol', 'Notes'], rows, 'Table 2. Nodes to Masters');
  const csv = [
    'Table 2. Nodes to Masters',
    'Port,Protocol,Notes',
    ...rows.map((row) => row.map(csvCell).join(',')),
  ].join('\n');

  it.each<[FlowTableFormat, string]>([
    ['markdown', markdown],
    ['csv', csv],
  ])('reads both rows, folds the exact repeat, and warns about each (%s)', (format, text) => {
    const { flows, problems, warnings } = parseFlowTables(text, format, seed);
    expect(problems).toEqual([]);
    expect(flows.map((flow) => [flow.key, flow.component])).toEqual([
      ['node-master-tcp-6443-cloud-controller-reads-node-objects', 'Cloud controller reads node objects'],
      ['node-master-tcp-6443-ingress-controller-watches-ingresses', 'Ingress controller watches ingresses'],
    ]);
    const row = (n: number) => (format === 'csv' ? `row ${n}` : `table 1, row ${n}`);
    expect(warnings).toEqual([
      {
        path: row(2),
        message: expect.stringContaining(
          `repeats ${row(1)} (same roles, protocol, ports and condition) for another component`,
        ),
      },
      {
        path: row(3),
        message: expect.stringContaining(
          `repeats ${row(1)} (same roles, protocol, ports, condition and component): kept once`,
        ),
      },
    ]);
  });

  it('imports into a catalog whose flow query answers one flow naming both rows, and re-imports without a change', () => {
    const { flows } = parseFlowTables(markdown, 'markdown', seed);
    const draft = { ...seed, version: '2.0.0', flows: [] };
    const imported = planFlowImport(draft, flows, 'replace');
    expect(validateCatalog(imported)).toEqual([]);
    const compiled = compileCatalog(imported);
    const answer = resolveFlows(compiled, resolveParameterValues(imported.parameters));
    expect(answer).toHaveLength(1);
    expect(answer[0].component).toBe('Cloud controller reads node objects, Ingress controller watches ingresses');
    expect(answer[0].rows).toEqual(flows.map((flow) => flow.key));

    // Edited by hand since (keys renamed, rows swapped): a re-import keeps each row's key by its component.
    const edited = {
      ...imported,
      flows: [...imported.flows].reverse().map((flow, index) => ({ ...flow, key: `api-${index}` })),
    };
    const again = planFlowImport(edited, parseFlowTables(markdown, 'markdown', edited).flows, 'replace');
    expect(catalogRowChanges(edited, again)).toMatchObject({ flows: { created: [], updated: [], deleted: [] } });
  });
});

function range(from: number, to: number): FlowDefinition['ports'] {
  return { kind: 'range', from, to };
}

/** A GFM pipe table, escaping pipes in cells, under an optional title line. */
function table(header: string[], rows: string[][], title?: string): string {
  const line = (cells: string[]): string => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    ...(title === undefined ? [] : [title, '']),
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
  ].join('\n');
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

describe('fittingVocabulary: the Kublr wording as hints for any catalog', () => {
  const other: FlowTableCatalog = {
    roles: [
      { key: 'master', name: 'Master', description: '', includes: [], kind: 'host', defaultCidrs: [] },
      { key: 'worker', name: 'Worker', description: '', includes: [], kind: 'host', defaultCidrs: [] },
    ],
    parameters: [{ name: 'masterLoadBalancer', type: 'boolean', defaultValue: false, description: '' }],
  };
  const text = table(
    ['Port', 'Protocol', 'Source', 'Destination', 'Conditions', 'Notes'],
    [
      ['443', 'TCP', 'Worker', 'Managed Clusters’ K8S API', 'master LB', 'API'],
      ['10250', 'TCP', 'Master', 'Worker', '', 'Kubelet'],
    ],
    'Table 1. Workers and masters',
  );

  it('keeps the entries whose roles and parameters the catalog has, and drops the others', () => {
    expect(fittingVocabulary(KUBLR_TABLE_VOCABULARY, other)).toEqual({
      roles: { 'Managed Clusters’ K8S API': 'master', 'Managed Clusters’ Masters': 'master' },
      conditions: { 'master LB': 'masterLoadBalancer' },
    });
  });

  it('reads a catalog without the Kublr parameters, where the whole vocabulary is refused', () => {
    expect(parseFlowTables(text, 'markdown', other, KUBLR_TABLE_VOCABULARY).problems.map((p) => p.path)).toEqual([
      'vocabulary, conditions, "Bring-your-own-infrastructure"',
      'vocabulary, conditions, "ingress LB"',
    ]);
    const read = parseFlowTables(text, 'markdown', other, fittingVocabulary(KUBLR_TABLE_VOCABULARY, other));
    expect(read.problems).toEqual([]);
    expect(read.flows.map((flow) => [flow.source, flow.destination, flow.condition])).toEqual([
      ['worker', 'master', 'masterLoadBalancer'],
      ['master', 'worker', null],
    ]);
  });
});
