import Ajv, { type ErrorObject } from 'ajv';
import { stringify as stringifyYaml } from 'yaml';
import { checkSatisfiable, compileCondition } from '../conditions';
import { isConditionError } from '../conditions/condition.errors';
import { InvalidPortRangeError, parsePortRange } from '../parameters/port-range';
import { validateParameterSpec } from '../parameters/parameter-values';
import type {
  CatalogDefinition,
  FlowDefinition,
  FlowPorts,
  FlowProtocolSpec,
  ParameterDefinition,
  RoleDefinition,
  RoleKind,
} from './catalog-definition';
import { DEFAULT_ROLE_KIND } from './catalog-definition';
import { parseNetwork } from '../network/ip-network';
import { catalogDocumentSchema, ONE_LINE, TEXT } from './catalog-document.schema';
import { describeRepeat, findRepeatedFlows, foldExactRepeats, type RepeatedFlow } from './repeated-flows';
import { findInclusionCycle } from './role-graph';
import { parseYamlText, YamlTooDeepError } from './yaml-text';

/** One thing wrong with a catalog, located by a JSON-pointer-like path ("/flows/3/ports"). */
export interface CatalogProblem {
  readonly path: string;
  readonly message: string;
}

export class InvalidCatalogError extends Error {
  override readonly name = 'InvalidCatalogError';

  constructor(
    readonly problems: readonly CatalogProblem[],
    /** What a valid document would have been warned about (see CatalogReading). */
    readonly warnings: readonly CatalogProblem[] = [],
  ) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super(`invalid catalog: ${first ? `${first.path || '/'}: ${first.message}` : 'no detail'}${more}`);
  }
}

/** A valid catalog read from a document, with its lint findings. */
export interface CatalogReading {
  readonly catalog: CatalogDefinition;
  /** Things a person should look at that do not make the document invalid (repeated rows). */
  readonly warnings: readonly CatalogProblem[];
  /** The rows that repeat another, by their place in the document (an exact one was folded). */
  readonly repeats: readonly RepeatedFlow[];
}

/** The document as written (YAML or JSON), after the schema check. */
interface CatalogDocument {
  version: string;
  title?: string;
  notes?: string;
  roles: {
    id: string;
    name?: string;
    description?: string;
    includes?: string[];
    kind?: RoleKind;
    defaultCidrs?: string[];
  }[];
  parameters?: {
    name: string;
    type: ParameterDefinition['type'];
    values?: string[];
    default?: string | number | boolean;
    description?: string;
  }[];
  flows: {
    key?: string;
    source: string;
    destination: string;
    protocol: FlowProtocolSpec;
    ports?: string | number;
    condition?: string;
    component?: string;
    notes?: string;
    section?: string;
  }[];
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const checkShape = ajv.compile<CatalogDocument>(catalogDocumentSchema);
const PORT_PARAMETER_PATTERN = /^\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}$/;
const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;

/** Parses a catalog document written in YAML or JSON (JSON is YAML) into a checked definition. */
export function parseCatalogDocument(text: string): CatalogDefinition {
  return readCatalog(readDocumentData(text)).catalog;
}

/** The data of a document's text, or the InvalidCatalogError of text that is too long or not YAML. */
function readDocumentData(text: string): unknown {
  if (text.length > MAX_DOCUMENT_LENGTH) {
    throw new InvalidCatalogError([{ path: '', message: 'document is larger than 5 MiB' }]);
  }
  let data: unknown;
  try {
    data = parseCatalogText(text);
  } catch (error) {
    const message =
      error instanceof YamlTooDeepError ? `document ${error.message}` : `not valid YAML or JSON: ${firstLine(error)}`;
    throw new InvalidCatalogError([{ path: '', message }]);
  }
  return data;
}

/**
 * The data of a document's YAML or JSON text, not yet checked: nested no deeper than
 * MAX_YAML_DEPTH, aliases repeating content at most 100 times, no key twice in a map.
 */
export function parseCatalogText(text: string): unknown {
  return parseYamlText(text, { maxAliasCount: 100 });
}

/** A document as a request carries it: YAML or JSON text, or JSON already parsed. */
export function readCatalogDocument(input: unknown): CatalogDefinition {
  return checkCatalogDocument(input).catalog;
}

/** Like readCatalogDocument, with the document's warnings. */
export function checkCatalogDocument(input: unknown): CatalogReading {
  return readCatalog(typeof input === 'string' ? readDocumentData(input) : input);
}

/** Checks a parsed document (shape, then meaning) and returns the catalog it describes. */
export function buildCatalog(data: unknown): CatalogDefinition {
  return readCatalog(data).catalog;
}

/**
 * Checks a parsed document (shape, then meaning): the catalog it describes and its
 * warnings, or an InvalidCatalogError. Rows repeating another row's roles, protocol, ports
 * and condition are warnings: kept as they are under another component, folded into the
 * first row when the component is the same too (see repeated-flows.ts). Paths are the
 * document's own (`/flows/4` is the fifth row written, folded or not).
 */
export function readCatalog(data: unknown): CatalogReading {
  if (!checkShape(data)) {
    throw new InvalidCatalogError((checkShape.errors ?? []).map(describeSchemaError));
  }
  const definition: CatalogDefinition = {
    version: data.version,
    title: data.title ?? '',
    notes: data.notes ?? '',
    roles: data.roles.map((role): RoleDefinition => ({
      key: role.id,
      name: role.name ?? role.id,
      description: role.description ?? '',
      includes: role.includes ?? [],
      kind: role.kind ?? DEFAULT_ROLE_KIND,
      defaultCidrs: role.defaultCidrs ?? [],
    })),
    parameters: (data.parameters ?? []).map((parameter): ParameterDefinition => ({
      name: parameter.name,
      type: parameter.type,
      ...(parameter.values === undefined ? {} : { values: parameter.values }),
      ...(parameter.default === undefined ? {} : { defaultValue: parameter.default }),
      description: parameter.description ?? '',
    })),
    flows: [],
  };
  const problems: CatalogProblem[] = [];
  const flows = data.flows.map((flow, index) => {
    const ports = readPorts(flow.protocol, flow.ports, `/flows/${index}/ports`, problems);
    return {
      key: flow.key ?? deriveFlowKey(flow.source, flow.destination, flow.protocol, ports, flow.component),
      source: flow.source,
      destination: flow.destination,
      protocol: flow.protocol,
      ports,
      condition: flow.condition?.trim() ? flow.condition.trim() : null,
      component: flow.component ?? '',
      notes: flow.notes ?? '',
      section: flow.section ?? '',
    } satisfies FlowDefinition;
  });
  const repeats = findRepeatedFlows(flows, definition.parameters);
  const warnings = repeatWarnings(flows, repeats);
  const folded = foldExactRepeats(flows, repeats);
  const catalog = { ...definition, flows: folded.flows };
  // The catalog's checks locate rows in the folded list; name them as the document does.
  const written = (index: number) => folded.into.indexOf(index);
  problems.push(
    ...validateCatalog(catalog).map((problem) =>
      folded.flows.length === flows.length ? problem : renumberFlows(problem, written),
    ),
  );
  if (problems.length > 0) {
    throw new InvalidCatalogError(problems, warnings);
  }
  return { catalog, warnings, repeats };
}

/** A problem whose "/flows/N" references are turned into the document's row numbers. */
function renumberFlows(problem: CatalogProblem, written: (index: number) => number): CatalogProblem {
  const renumber = (text: string) =>
    text.replace(/\/flows\/(\d+)/g, (_match, index: string) => `/flows/${written(Number(index))}`);
  return { path: renumber(problem.path), message: renumber(problem.message) };
}

/**
 * What a stored catalog would be warned about: rows that repeat another row's roles,
 * protocol, ports and condition (the flow query merges them into one flow).
 */
export function catalogWarnings(catalog: CatalogDefinition): CatalogProblem[] {
  return repeatWarnings(catalog.flows, findRepeatedFlows(catalog.flows, catalog.parameters));
}

function repeatWarnings(flows: readonly FlowDefinition[], repeats: readonly RepeatedFlow[]): CatalogProblem[] {
  return repeats.map((repeat) => ({
    path: `/flows/${repeat.index}`,
    message: `flow "${flows[repeat.index].key}" ${describeRepeat(repeat, (index) => `/flows/${index}`)}`,
  }));
}

/**
 * Everything that must hold of a catalog whatever its source: unique names, known roles,
 * no inclusion cycle, valid parameters, conditions that type-check and can be true for some
 * profile, and port parameters that are port ranges. Repeated flows are not problems but
 * warnings (catalogWarnings).
 */
export function validateCatalog(catalog: CatalogDefinition): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const roleKeys = new Set<string>();
  catalog.roles.forEach((role, index) => {
    if (roleKeys.has(role.key)) {
      problems.push({ path: `/roles/${index}/id`, message: `role "${role.key}" is declared more than once` });
    }
    roleKeys.add(role.key);
  });
  catalog.roles.forEach((role, index) => {
    role.includes.forEach((included, position) => {
      if (!roleKeys.has(included)) {
        problems.push({
          path: `/roles/${index}/includes/${position}`,
          message: `role "${role.key}" includes unknown role "${included}"`,
        });
      }
    });
  });
  const kinds = new Map(catalog.roles.map((role) => [role.key, role.kind]));
  catalog.roles.forEach((role, index) => {
    role.includes.forEach((included, position) => {
      const kind = kinds.get(included);
      if (kind !== undefined && kind !== role.kind) {
        problems.push({
          path: `/roles/${index}/includes/${position}`,
          message: `role "${role.key}" (${role.kind}) includes "${included}" (${kind}); a role includes roles of its own kind`,
        });
      }
    });
    if (role.defaultCidrs.length > 0 && role.kind !== 'external') {
      problems.push({
        path: `/roles/${index}/defaultCidrs`,
        message: `role "${role.key}" is a ${role.kind}: only external roles have default networks (a profile gives the others theirs)`,
      });
    }
    role.defaultCidrs.forEach((cidr, position) => {
      if (parseNetwork(cidr) === null) {
        problems.push({
          path: `/roles/${index}/defaultCidrs/${position}`,
          message: `"${cidr}" is not an IPv4 or IPv6 network (e.g. 0.0.0.0/0, ::/0)`,
        });
      }
    });
  });
  const cycle = findInclusionCycle(catalog.roles);
  if (cycle) {
    problems.push({ path: '/roles', message: `roles include each other in a cycle: ${cycle.join(' -> ')}` });
  }

  const parameterNames = new Set<string>();
  catalog.parameters.forEach((parameter, index) => {
    if (parameterNames.has(parameter.name)) {
      problems.push({
        path: `/parameters/${index}/name`,
        message: `parameter "${parameter.name}" is declared more than once`,
      });
    }
    parameterNames.add(parameter.name);
    for (const message of validateParameterSpec(parameter)) {
      problems.push({ path: `/parameters/${index}`, message });
    }
  });
  const parameters = new Map(catalog.parameters.map((parameter) => [parameter.name, parameter]));

  const flowKeys = new Map<string, number>();
  catalog.flows.forEach((flow, index) => {
    const at = `/flows/${index}`;
    const earlier = flowKeys.get(flow.key);
    if (earlier !== undefined) {
      problems.push({
        path: `${at}/key`,
        message: `flow key "${flow.key}" is used by /flows/${earlier} too; give the flows distinct keys`,
      });
    }
    flowKeys.set(flow.key, index);
    for (const end of ['source', 'destination'] as const) {
      if (!roleKeys.has(flow[end])) {
        problems.push({ path: `${at}/${end}`, message: `unknown role "${flow[end]}"` });
      }
    }
    if (flow.ports.kind === 'parameter') {
      const parameter = parameters.get(flow.ports.name);
      if (!parameter) {
        problems.push({ path: `${at}/ports`, message: `ports name unknown parameter "${flow.ports.name}"` });
      } else if (parameter.type !== 'portRange') {
        problems.push({
          path: `${at}/ports`,
          message: `ports name parameter "${flow.ports.name}", which is of type ${parameter.type}, not a portRange`,
        });
      }
    }
    if (flow.condition !== null) {
      try {
        const compiled = compileCondition(flow.condition, catalog.parameters);
        if (checkSatisfiable(compiled, catalog.parameters).kind === 'unsatisfiable') {
          problems.push({
            path: `${at}/condition`,
            message: `condition ${JSON.stringify(flow.condition)} can never be true, whatever the profile; the flow would never apply`,
          });
        }
      } catch (error) {
        if (!isConditionError(error)) throw error;
        problems.push({
          path: `${at}/condition`,
          message: `condition ${JSON.stringify(flow.condition)}: ${error.message}`,
        });
      }
    }
  });
  return problems;
}

/** The document form of a catalog, as `export` writes it; parsing it gives the same catalog. */
export function toCatalogDocument(catalog: CatalogDefinition): Record<string, unknown> {
  return {
    version: catalog.version,
    title: catalog.title,
    ...(catalog.notes ? { notes: catalog.notes } : {}),
    roles: catalog.roles.map((role) => ({
      id: role.key,
      name: role.name,
      ...(role.description ? { description: role.description } : {}),
      ...(role.includes.length ? { includes: [...role.includes] } : {}),
      kind: role.kind,
      ...(role.defaultCidrs.length ? { defaultCidrs: [...role.defaultCidrs] } : {}),
    })),
    parameters: catalog.parameters.map((parameter) => ({
      name: parameter.name,
      type: parameter.type,
      ...(parameter.values ? { values: [...parameter.values] } : {}),
      ...(parameter.defaultValue === undefined ? {} : { default: parameter.defaultValue }),
      ...(parameter.description ? { description: parameter.description } : {}),
    })),
    flows: catalog.flows.map((flow) => ({
      key: flow.key,
      source: flow.source,
      destination: flow.destination,
      protocol: flow.protocol,
      ...(flow.ports.kind === 'none' ? {} : { ports: formatFlowPorts(flow.ports) }),
      ...(flow.condition ? { condition: flow.condition } : {}),
      component: flow.component,
      notes: flow.notes,
      section: flow.section,
    })),
  };
}

export function toCatalogYaml(catalog: CatalogDefinition): string {
  // Block scalars are off: the yaml library drops the leading space of a block whose first
  // line starts with one, and an export must read back exactly.
  return stringifyYaml(toCatalogDocument(catalog), { lineWidth: 0, blockQuote: false });
}

/** "10250", "30000-32767", "${nodePortRange}", or "" for protocols without ports. */
export function formatFlowPorts(ports: FlowPorts): string {
  switch (ports.kind) {
    case 'none':
      return '';
    case 'range':
      return ports.from === ports.to ? String(ports.from) : `${ports.from}-${ports.to}`;
    case 'parameter':
      return `\${${ports.name}}`;
  }
}

/** Reads a row's ports for its protocol; IP-in-IP has none, TCP and UDP need some. */
function readPorts(
  protocol: FlowProtocolSpec,
  ports: string | number | undefined,
  path: string,
  problems: CatalogProblem[],
): FlowPorts {
  const text = ports === undefined ? '' : String(ports).trim();
  if (protocol === 'ipip') {
    if (text !== '') {
      problems.push({ path, message: `protocol ipip (IP protocol 4) has no ports; remove "${text}"` });
    }
    return { kind: 'none' };
  }
  if (text === '') {
    problems.push({ path, message: `protocol ${protocol} needs ports ("443", "30000-32767" or "\${parameter}")` });
    return { kind: 'none' };
  }
  const parameter = PORT_PARAMETER_PATTERN.exec(text);
  if (parameter) {
    return { kind: 'parameter', name: parameter[1] };
  }
  try {
    const range = parsePortRange(text);
    return { kind: 'range', from: range.from, to: range.to };
  } catch (error) {
    if (!(error instanceof InvalidPortRangeError)) throw error;
    problems.push({ path, message: error.message });
    return { kind: 'none' };
  }
}

/** A key for rows written without one: stable as long as the row's identity is. */
export function deriveFlowKey(
  source: string,
  destination: string,
  protocol: FlowProtocolSpec,
  ports: FlowPorts,
  component: string | undefined,
): string {
  const parts = [source, destination, protocol.replace('/', '-'), formatFlowPorts(ports).replace(/[${}]/g, '')];
  if (component) parts.push(component);
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 128);
}

function describeSchemaError(error: ErrorObject): CatalogProblem {
  const path = error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path, message: `unknown field "${String(error.params.additionalProperty)}"` };
    case 'required':
      return { path, message: `missing field "${String(error.params.missingProperty)}"` };
    case 'enum':
      return { path, message: `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}` };
    case 'pattern':
      return { path, message: describePattern(String(error.params.pattern)) };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

function describePattern(pattern: string): string {
  if (pattern === ONE_LINE) return 'must be text on one line, without control characters';
  if (pattern === TEXT) return 'must not contain control characters (other than tabs and line breaks)';
  if (pattern.startsWith('^[a-z0-9]')) {
    return 'must be an id of lowercase letters, digits, ".", "_" and "-", starting with a letter or digit';
  }
  return 'must be letters, digits, ".", "_" and "-" (and "+" in a version), starting with a letter or digit';
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
