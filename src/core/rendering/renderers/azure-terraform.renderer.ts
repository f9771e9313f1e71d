import type { ResolvedFlow } from '../../flows/resolved-flow';
import { addressesOf, type RenderInput } from '../render-input';
import { exceededLimit, Renderer, type RenderLimit } from '../renderer';
import {
  changeNotice,
  directionOf,
  externalOmission,
  flowSummary,
  flowText,
  hostGroupsOf,
  omittedLines,
  splitByFamily,
  type RangePart,
  roleLabel,
  roleNames,
  TERRAFORM,
  truncate,
  type RemovedFlow,
} from './cloud-firewall';
import type { AddressFamily } from './address-family';
import { describeQuestion } from './flow-rows';
import {
  attribute,
  block,
  familyFilter,
  formatHclFile,
  hclComment,
  hclIdentifier,
  hclListOf,
  hclString,
  HclVariables,
  UniqueNames,
} from './hcl';

/** Priorities of the rules: 100, 110, 120, … up to 4096, the last an NSG rule may have. */
export const AZURE_FIRST_PRIORITY = 100;
export const AZURE_PRIORITY_STEP = 10;
export const AZURE_LAST_PRIORITY = 4096;
export const AZURE_MAX_RULES = Math.floor((AZURE_LAST_PRIORITY - AZURE_FIRST_PRIORITY) / AZURE_PRIORITY_STEP) + 1;

const AZURE_PROTOCOLS: Readonly<Partial<Record<ResolvedFlow['protocol'], string>>> = { tcp: 'Tcp', udp: 'Udp' };

/**
 * Why a flow has no rule here, or null. NSG rules name Tcp, Udp, Icmp, Esp, Ah or "*" (any)
 * only, and Azure virtual networks do not forward IP-in-IP packets at all: "*" would open
 * every protocol between the roles and still not carry the traffic, so the flow is left out.
 */
export function azureOmission(flow: ResolvedFlow): string | null {
  return AZURE_PROTOCOLS[flow.protocol] === undefined
    ? `Azure network security rules cannot name IP protocol ${flow.ipProtocolNumber} and Azure virtual ` +
        `networks do not carry it (use VXLAN encapsulation instead); "*" would open every protocol`
    : null;
}

/** A rule name Azure accepts: 1-80 of [A-Za-z0-9_.-], starting with a letter, digit or "_", ending with one. */
export function azureRuleName(text: string): string {
  const name = text
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 76)
    .replace(/[.-]+$/, '');
  return name === '' ? 'rule' : name;
}

/** A description Azure accepts: at most 140 characters. */
export function azureDescription(flow: ResolvedFlow): string {
  return truncate(flowText(flow), 140);
}

/** One network security rule of a flow, before names, priorities and variables are given. */
export interface AzureRule {
  readonly flow: ResolvedFlow;
  readonly direction: 'Inbound' | 'Outbound';
  readonly source: readonly RangePart[];
  readonly destination: readonly RangePart[];
  /** The address family of a flow split in two (Azure refuses a rule mixing IPv4 and IPv6); null otherwise. */
  readonly family: AddressFamily | null;
}

/**
 * The rules of a flow: Inbound, or Outbound for a flow to an external role; none for a flow
 * Azure cannot carry (see azureOmission) or between two external roles. Each side is its
 * roles' address prefixes (an external role's networks), a placeholder where the profile
 * gives none; a flow whose literal prefixes are IPv4 and IPv6 is one rule per family.
 */
export function azureRulesOf(input: RenderInput, flow: ResolvedFlow): AzureRule[] {
  const direction = directionOf(input, flow);
  if (direction === null || azureOmission(flow) !== null) return [];
  const prefixesOf = (role: string): RangePart[] =>
    hostGroupsOf(input, role).map((group) => {
      const { cidrs } = addressesOf(input, group);
      return cidrs.length > 0 ? { items: cidrs } : { placeholder: group };
    });
  return splitByFamily([prefixesOf(flow.source), prefixesOf(flow.destination)]).map(({ family, sides }) => ({
    flow,
    direction: direction === 'ingress' ? 'Inbound' : 'Outbound',
    source: sides[0],
    destination: sides[1],
    family,
  }));
}

/** Priorities are unique per direction in a security group: Inbound and Outbound rules each have 100-4096. */
function azureLimit(direction: AzureRule['direction']): RenderLimit {
  return {
    counted: `Azure ${direction.toLowerCase()} network security rules`,
    max: AZURE_MAX_RULES,
    count: (input) =>
      input.flows.flatMap((flow) => azureRulesOf(input, flow)).filter((rule) => rule.direction === direction).length,
    advice:
      `priorities ${AZURE_FIRST_PRIORITY}, ${AZURE_FIRST_PRIORITY + AZURE_PRIORITY_STEP}, … up to ${AZURE_LAST_PRIORITY} ` +
      'per direction in one network security group; ask for fewer flows (other parameters, a role) or split them over several security groups',
  };
}

/**
 * Azure network security group rules for Terraform: one `azurerm_network_security_rule` per
 * flow (per address family when its prefixes are IPv4 and IPv6), Inbound, or Outbound for a
 * flow to an external role with the role's networks as destination. Priorities are 100, 110,
 * … in flow order, counted per direction (Azure wants them unique per direction only, so
 * each direction fits 400 rules). Address prefixes the profile does not give are variables
 * named after the role; the security group and its resource group are variables too. IP-in-IP
 * flows are left out, with a comment saying why (see azureOmission).
 */
export class AzureTerraformRenderer extends Renderer {
  readonly format: string = 'azure-terraform';
  readonly contentType: string = 'text/plain; charset=utf-8';
  readonly fileExtension: string = 'tf';
  readonly description: string = 'Azure network security rules as Terraform (hashicorp/azurerm)';
  override readonly limits: readonly RenderLimit[] = [azureLimit('Inbound'), azureLimit('Outbound')];

  render(input: RenderInput): string {
    const exceeded = exceededLimit(this, input);
    if (exceeded) throw new RangeError(exceeded.message);

    const roleName = roleNames(input, hclIdentifier, new UniqueNames());
    const variables = new HclVariables();
    const resourceGroup = variables.use(
      'resource_group_name',
      'string',
      'Resource group of the network security group.',
      true,
    );
    const securityGroup = variables.use(
      'network_security_group_name',
      'string',
      'Network security group the rules belong to.',
      true,
    );
    const prefixesOf = (parts: readonly RangePart[]): string =>
      hclListOf(
        parts.map((part) => {
          if ('items' in part) return part;
          const description = `Address prefixes (CIDRs) of ${roleLabel(input, part.placeholder)}: the profile gives none.`;
          const prefixes = variables.use(`${roleName(part.placeholder)}_address_prefixes`, 'list(string)', description);
          return { expression: part.family === undefined ? prefixes : familyFilter(prefixes, part.family) };
        }),
      );

    const labels = new UniqueNames();
    const names = new UniqueNames(
      (base, suffix) => `${base.slice(0, 76)}-${suffix}`,
      (name) => name.toLowerCase(),
    );
    const next = { Inbound: AZURE_FIRST_PRIORITY, Outbound: AZURE_FIRST_PRIORITY };
    const resources = input.flows.flatMap((flow) =>
      azureRulesOf(input, flow).map((rule) => {
        const description = azureDescription(flow);
        const priority = next[rule.direction];
        next[rule.direction] += AZURE_PRIORITY_STEP;
        const source = prefixesOf(rule.source);
        const destination = prefixesOf(rule.destination);
        // A family's rule over a variable exists only when the variable holds prefixes of that family.
        const filtered = [
          ...(rule.source.some(isFiltered) ? [source] : []),
          ...(rule.destination.some(isFiltered) ? [destination] : []),
        ];
        return block(
          'resource',
          ['azurerm_network_security_rule', labels.claim(hclIdentifier(ruleKey(rule)))],
          [
            ...(filtered.length > 0
              ? [attribute('count', `${filtered.map((list) => `length(${list}) > 0`).join(' && ')} ? 1 : 0`)]
              : []),
            attribute('name', hclString(names.claim(azureRuleName(ruleKey(rule))))),
            attribute('resource_group_name', resourceGroup),
            attribute('network_security_group_name', securityGroup),
            attribute('priority', String(priority)),
            attribute('direction', hclString(rule.direction)),
            attribute('access', hclString('Allow')),
            attribute('protocol', hclString(AZURE_PROTOCOLS[flow.protocol] ?? '*')),
            attribute('source_port_range', hclString('*')),
            attribute(
              'destination_port_range',
              hclString(flow.fromPort === flow.toPort ? String(flow.fromPort) : `${flow.fromPort}-${flow.toPort}`),
            ),
            attribute('source_address_prefixes', source),
            attribute('destination_address_prefixes', destination),
            ...(description === '' ? [] : [attribute('description', hclString(description))]),
          ],
          hclComment(flowSummary(flow)),
        );
      }),
    );

    const added = new Set(resources.map((resource) => resource.labels.join('.')));
    const removedLabels = new UniqueNames();
    const removed: RemovedFlow[] = input.removed.map((flow) => {
      const note = azureOmission(flow) ?? externalOmission(input, flow);
      if (note !== null) return { flow, addresses: [], note: `It had no rule here: ${note}.` };
      return {
        flow,
        addresses: azureRulesOf(input, flow).map((rule) => {
          const address = `azurerm_network_security_rule.${removedLabels.claim(hclIdentifier(ruleKey(rule)))}`;
          return { address, reused: added.has(address) };
        }),
      };
    });
    const omitted = input.flows.filter((flow) => azureOmission(flow) !== null);

    const header = hclComment(
      `${describeQuestion(input)}: Azure network security rules for Terraform.`,
      'Inbound rules, and Outbound ones to the networks of an external role (the Internet: 0.0.0.0/0 and',
      '::/0 unless the profile narrows it). Azure refuses a rule mixing IPv4 and IPv6 prefixes: a flow',
      'to both has one rule per family ("..._ipv6"), over a variable only when it holds such prefixes.',
      'Priorities start at 100, 10 apart, in flow order, for each direction.',
      ...(input.since === null
        ? []
        : ['They must not collide with the priorities of rules already in the security group.']),
      'Variables stand for the security group and for addresses the profile does not give: set them before applying.',
      ...omitted.flatMap((flow) => [`Left out: ${flowSummary(flow)}.`, `  ${azureOmission(flow) ?? ''}.`]),
      ...omittedLines(
        input,
        input.flows.filter((flow) => externalOmission(input, flow) !== null),
      ),
      ...(input.since === null ? [] : ['', ...changeNotice(input, TERRAFORM, removed)]),
    );
    return formatHclFile(header, [...variables.blocks(), ...resources]);
  }
}

const isFiltered = (part: RangePart): boolean => 'placeholder' in part && part.family !== undefined;

/** What a rule's label and name are made of: the flow key, and "ipv6" for a flow's IPv6 rule. */
function ruleKey(rule: AzureRule): string {
  return rule.family === 'ipv6' ? `${rule.flow.key}-ipv6` : rule.flow.key;
}
