import type { ResolvedFlow } from '../../flows/resolved-flow';
import { addressesOf, type RenderInput } from '../render-input';
import { exceededLimit, Renderer, type RenderLimit } from '../renderer';
import {
  changeNotice,
  directionOf,
  flowSummary,
  flowText,
  hostGroupsOf,
  roleLabel,
  roleNames,
  TERRAFORM,
  truncate,
  type RemovedFlow,
} from './cloud-firewall';
import { describeQuestion } from './flow-rows';
import {
  attribute,
  block,
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

/**
 * Azure network security group rules for Terraform: one `azurerm_network_security_rule` per
 * flow, Inbound (Outbound for a flow to a network outside), with priorities 100, 110, … in
 * flow order. Address prefixes the profile does not give are variables named after the
 * role; the security group and its resource group are variables too. IP-in-IP flows are
 * left out, with a comment saying why (see azureOmission).
 */
export class AzureTerraformRenderer extends Renderer {
  readonly format: string = 'azure-terraform';
  readonly contentType: string = 'text/plain; charset=utf-8';
  readonly fileExtension: string = 'tf';
  readonly description: string = 'Azure network security rules as Terraform (hashicorp/azurerm)';
  override readonly limits: readonly RenderLimit[] = [
    {
      counted: 'Azure network security rules',
      max: AZURE_MAX_RULES,
      count: (input) => input.flows.filter((flow) => azureOmission(flow) === null).length,
      advice:
        `priorities ${AZURE_FIRST_PRIORITY}, ${AZURE_FIRST_PRIORITY + AZURE_PRIORITY_STEP}, … up to ${AZURE_LAST_PRIORITY} ` +
        'in one network security group; ask for fewer flows (other parameters, a role) or split them over several security groups',
    },
  ];

  render(input: RenderInput): string {
    const exceeded = exceededLimit(this, input);
    if (exceeded) throw new RangeError(exceeded.message);
    const rendered = input.flows.filter((flow) => azureOmission(flow) === null);

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
    const prefixesOf = (role: string): string =>
      hclListOf(
        hostGroupsOf(input, role).map((group) => {
          const { cidrs } = addressesOf(input, group);
          if (cidrs.length > 0) return { items: cidrs };
          const description = `Address prefixes (CIDRs) of ${roleLabel(input, group)}: the profile gives none.`;
          return { expression: variables.use(`${roleName(group)}_address_prefixes`, 'list(string)', description) };
        }),
      );

    const labels = new UniqueNames();
    const names = new UniqueNames(
      (base, suffix) => `${base.slice(0, 76)}-${suffix}`,
      (name) => name.toLowerCase(),
    );
    const resources = rendered.map((flow, index) => {
      const description = azureDescription(flow);
      return block(
        'resource',
        ['azurerm_network_security_rule', labels.claim(hclIdentifier(flow.key))],
        [
          attribute('name', hclString(names.claim(azureRuleName(flow.key)))),
          attribute('resource_group_name', resourceGroup),
          attribute('network_security_group_name', securityGroup),
          attribute('priority', String(AZURE_FIRST_PRIORITY + index * AZURE_PRIORITY_STEP)),
          attribute('direction', hclString(directionOf(input, flow) === 'ingress' ? 'Inbound' : 'Outbound')),
          attribute('access', hclString('Allow')),
          attribute('protocol', hclString(AZURE_PROTOCOLS[flow.protocol] ?? '*')),
          attribute('source_port_range', hclString('*')),
          attribute(
            'destination_port_range',
            hclString(flow.fromPort === flow.toPort ? String(flow.fromPort) : `${flow.fromPort}-${flow.toPort}`),
          ),
          attribute('source_address_prefixes', prefixesOf(flow.source)),
          attribute('destination_address_prefixes', prefixesOf(flow.destination)),
          ...(description === '' ? [] : [attribute('description', hclString(description))]),
        ],
        hclComment(flowSummary(flow)),
      );
    });

    const added = new Set(resources.map((resource) => resource.labels.join('.')));
    const removedLabels = new UniqueNames();
    const removed: RemovedFlow[] = input.removed.map((flow) => {
      const note = azureOmission(flow);
      if (note !== null) return { flow, addresses: [], note: `It had no rule here: ${note}.` };
      const address = `azurerm_network_security_rule.${removedLabels.claim(hclIdentifier(flow.key))}`;
      return { flow, addresses: [{ address, reused: added.has(address) }] };
    });
    const omitted = input.flows.filter((flow) => azureOmission(flow) !== null);

    const header = hclComment(
      `${describeQuestion(input)}: Azure network security rules for Terraform.`,
      'Inbound rules, and Outbound ones for a flow to a role the profile gives address ranges only for (the',
      'Internet, a cloud API). Priorities start at 100, 10 apart, in flow order.',
      ...(input.since === null
        ? []
        : ['They must not collide with the priorities of rules already in the security group.']),
      'Variables stand for the security group and for addresses the profile does not give: set them before applying.',
      ...omitted.flatMap((flow) => [`Left out: ${flowSummary(flow)}.`, `  ${azureOmission(flow) ?? ''}.`]),
      ...(input.since === null ? [] : ['', ...changeNotice(input, TERRAFORM, removed)]),
    );
    return formatHclFile(header, [...variables.blocks(), ...resources]);
  }
}
