import { describe, expect, it } from 'vitest';
import { compileCatalog, explainFlow, resolveFlows } from '../flows';
import { resolveParameterValues } from '../parameters/parameter-values';
import type { CatalogDefinition } from './catalog-definition';
import {
  catalogWarnings,
  checkCatalogDocument,
  InvalidCatalogError,
  parseCatalogDocument,
  toCatalogYaml,
  validateCatalog,
} from './catalog-document';
import { applyCatalogEdit } from './catalog-edit';
import { joinNotes } from './repeated-flows';

/**
 * A vendor page that lists the API server port twice, once per controller that reaches it,
 * each in its own row, as vendors write them: no keys, the component and notes differing.
 */
function vendorDocument(extraFlows: Record<string, unknown>[] = []) {
  return {
    version: '2.0.0',
    roles: [{ id: 'node', includes: ['master', 'worker'] }, { id: 'master' }, { id: 'worker' }],
    parameters: [{ name: 'airGap', type: 'boolean', default: false }],
    flows: [
      {
        source: 'node',
        destination: 'master',
        protocol: 'tcp',
        ports: '6443',
        component: 'Cloud controller',
        notes: 'reads node objects',
        section: 'Table 2. Nodes to Masters',
      },
      {
        source: 'node',
        destination: 'master',
        protocol: 'tcp',
        ports: '6443',
        component: 'Ingress controller',
        notes: 'watches ingresses',
        section: 'Table 2. Nodes to Masters',
      },
      ...extraFlows,
    ],
  };
}

const CLOUD_KEY = 'node-master-tcp-6443-cloud-controller';
const INGRESS_KEY = 'node-master-tcp-6443-ingress-controller';

function defaults(catalog: CatalogDefinition) {
  return resolveParameterValues(catalog.parameters);
}

describe('a document listing one port under two components', () => {
  const { catalog, warnings } = checkCatalogDocument(vendorDocument());

  it('imports both rows as written, each with its own key', () => {
    expect(catalog.flows.map((flow) => [flow.key, flow.component, flow.notes])).toEqual([
      [CLOUD_KEY, 'Cloud controller', 'reads node objects'],
      [INGRESS_KEY, 'Ingress controller', 'watches ingresses'],
    ]);
  });

  it('warns about the repeat, naming both rows, and is valid', () => {
    expect(warnings).toEqual([
      {
        path: '/flows/1',
        message: expect.stringMatching(
          new RegExp(
            `^flow "${INGRESS_KEY}" repeats /flows/0 \\(same roles, protocol, ports and condition\\) for another component`,
          ),
        ),
      },
    ]);
    expect(validateCatalog(catalog)).toEqual([]);
    expect(catalogWarnings(catalog)).toEqual(warnings);
  });

  it('resolves to one flow naming both components, both notes and both rows', () => {
    const compiled = compileCatalog(catalog);
    const flows = resolveFlows(compiled, defaults(catalog), { from: 'worker', to: 'master' });
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({
      key: `${CLOUD_KEY}+${INGRESS_KEY}`,
      source: 'node',
      destination: 'master',
      protocol: 'tcp',
      fromPort: 6443,
      toPort: 6443,
      component: 'Cloud controller, Ingress controller',
      notes: 'reads node objects; watches ingresses',
      sections: ['Table 2. Nodes to Masters'],
      rows: [CLOUD_KEY, INGRESS_KEY],
    });
  });

  it('explains the merged flow by its key, naming both rows', () => {
    const compiled = compileCatalog(catalog);
    const merged = resolveFlows(compiled, defaults(catalog))[0];
    const explanation = explainFlow(compiled, defaults(catalog), merged.key);
    expect(explanation.key).toBe(CLOUD_KEY);
    expect(explanation.rows.map((row) => [row.key, row.row.component, row.applies])).toEqual([
      [CLOUD_KEY, 'Cloud controller', true],
      [INGRESS_KEY, 'Ingress controller', true],
    ]);
    expect(explanation.flows).toEqual([merged]);
  });

  it('explains one of the rows with the row it merges with', () => {
    const compiled = compileCatalog(catalog);
    const explanation = explainFlow(compiled, defaults(catalog), INGRESS_KEY);
    expect(explanation.key).toBe(INGRESS_KEY);
    expect(explanation.row.component).toBe('Ingress controller');
    expect(explanation.rows.map((row) => row.key)).toEqual([CLOUD_KEY, INGRESS_KEY]);
    expect(explanation.flows.map((flow) => flow.rows)).toEqual([[CLOUD_KEY, INGRESS_KEY]]);
  });

  it('explains a row alone when its twin does not apply', () => {
    const document = vendorDocument();
    document.flows[1] = { ...document.flows[1], condition: 'airGap' };
    const { catalog: conditional, warnings: none } = checkCatalogDocument(document);
    expect(none).toEqual([]);
    const compiled = compileCatalog(conditional);
    const explanation = explainFlow(compiled, defaults(conditional), CLOUD_KEY);
    expect(explanation.rows.map((row) => row.key)).toEqual([CLOUD_KEY]);
    expect(explanation.flows.map((flow) => flow.component)).toEqual(['Cloud controller']);
  });

  it('exports and imports back to the same catalog, and exports the same text again', () => {
    const yaml = toCatalogYaml(catalog);
    const again = checkCatalogDocument(yaml);
    expect(again.catalog).toEqual(catalog);
    expect(again.warnings).toEqual(warnings);
    expect(toCatalogYaml(again.catalog)).toBe(yaml);
  });
});

describe('a document repeating a row exactly (the same component too)', () => {
  const repeated = {
    source: 'node',
    destination: 'master',
    protocol: 'tcp',
    ports: '6443',
    component: 'Cloud controller',
    notes: 'listed again under Table 3',
    section: 'Table 3. Everything to Masters',
  };

  it('imports one row, notes joined, with a warning and no duplicate-key error', () => {
    const { catalog, warnings } = checkCatalogDocument(vendorDocument([repeated]));
    expect(catalog.flows.map((flow) => flow.key)).toEqual([CLOUD_KEY, INGRESS_KEY]);
    expect(catalog.flows[0]).toMatchObject({
      notes: 'reads node objects; listed again under Table 3',
      section: 'Table 2. Nodes to Masters',
    });
    expect(warnings).toContainEqual({
      path: '/flows/2',
      message: expect.stringContaining(
        `flow "${CLOUD_KEY}" repeats /flows/0 (same roles, protocol, ports, condition and component): kept once`,
      ),
    });
  });

  it('counts a condition written another way as the same condition', () => {
    const document = vendorDocument();
    document.flows[0] = { ...document.flows[0], condition: 'airGap' };
    const { catalog: same, warnings } = checkCatalogDocument({
      ...document,
      flows: [...document.flows, { ...document.flows[0], condition: '(airGap)' }],
    });
    expect(same.flows).toHaveLength(2);
    expect(warnings.map((warning) => warning.path)).toContain('/flows/2');
  });

  it('locates problems after a folded row where the document has them', () => {
    const broken = { ...repeated, component: 'Other', ports: '70000' };
    try {
      parseCatalogDocument(JSON.stringify(vendorDocument([repeated, broken])));
      expect.unreachable('the document was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCatalogError);
      expect((error as InvalidCatalogError).problems).toContainEqual({
        path: '/flows/3/ports',
        message: expect.stringContaining('70000'),
      });
      expect((error as InvalidCatalogError).warnings.map((warning) => warning.path)).toEqual(['/flows/1', '/flows/2']);
    }
  });

  it('refuses the same key for rows that are not repeats of each other', () => {
    const document = vendorDocument();
    document.flows = document.flows.map((flow) => ({ ...flow, key: 'api' }));
    expect(() => parseCatalogDocument(JSON.stringify(document))).toThrow(/flow key "api" is used by \/flows\/0/);
  });
});

describe('editing a draft with repeated rows', () => {
  const { catalog } = checkCatalogDocument(vendorDocument());

  it('adds a row under a third component', () => {
    const result = applyCatalogEdit(catalog, {
      op: 'create',
      entity: 'flow',
      item: { source: 'node', destination: 'master', protocol: 'tcp', ports: '6443', component: 'Autoscaler' },
    });
    expect(result.catalog.flows).toHaveLength(3);
    expect(result.key).toBe('node-master-tcp-6443-autoscaler');
  });

  it('refuses a row that repeats one exactly, naming the flow to edit instead', () => {
    expect(() =>
      applyCatalogEdit(catalog, {
        op: 'create',
        entity: 'flow',
        item: {
          key: 'again',
          source: 'node',
          destination: 'master',
          protocol: 'tcp',
          ports: '6443',
          component: 'Cloud controller',
        },
      }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          {
            path: '',
            message: `repeats flow "${CLOUD_KEY}" (same roles, protocol, ports, condition and component); a draft holds each flow once: edit "${CLOUD_KEY}" instead`,
          },
        ],
      }),
    );
  });

  it('refuses a replace that makes an earlier row repeat a later one', () => {
    expect(() =>
      applyCatalogEdit(catalog, {
        op: 'replace',
        entity: 'flow',
        key: CLOUD_KEY,
        item: {
          source: 'node',
          destination: 'master',
          protocol: 'tcp',
          ports: '6443',
          component: 'Ingress controller',
        },
      }),
    ).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ path: '' })] }));
  });
});

describe('joinNotes', () => {
  it('joins each note once and keeps the first alone when both would not fit', () => {
    expect(joinNotes('a', '')).toBe('a');
    expect(joinNotes('', 'b')).toBe('b');
    expect(joinNotes('a', 'b')).toBe('a; b');
    expect(joinNotes('a; b', 'b')).toBe('a; b');
    expect(joinNotes('x'.repeat(1999), 'b')).toBe('x'.repeat(1999));
  });
});
