import type { ResolvedFlow } from '../../flows/resolved-flow';
import { addressesOf, type RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import {
  changeNotice,
  directionOf,
  externalNetworksOf,
  externalOmission,
  flowSummary,
  hostGroupsOf,
  flowText,
  isExternal,
  omittedLines,
  roleLabel,
  roleNames,
  sidesOf,
  TERRAFORM,
  truncate,
  uniqueBy,
  type RemovedFlow,
} from './cloud-firewall';
import { familyOf } from './address-family';
import { describeQuestion } from './flow-rows';
import {
  attribute,
  block,
  formatHclFile,
  hclComment,
  hclIdentifier,
  hclString,
  HclVariables,
  UniqueNames,
  type HclAttribute,
} from './hcl';

/** The security group a rule belongs to: one the profile names, or a role's placeholder. */
export type AwsSecurityGroup =
  { readonly kind: 'security-group'; readonly id: string } | { readonly kind: 'placeholder'; readonly role: string };

/** Whom a rule lets in (ingress) or out to (egress). */
export type AwsPeer =
  | { readonly kind: 'security-group'; readonly id: string }
  | { readonly kind: 'cidr'; readonly cidr: string }
  /** The profile gives no address for a host or load balancer role. */
  | { readonly kind: 'placeholder'; readonly role: string }
  /** An external role with no networks (neither the profile's nor default ones): its address ranges, never a group. */
  | { readonly kind: 'network-placeholder'; readonly role: string };

/** One security group rule: a flow, on one security group, for one peer. */
export interface AwsRule {
  readonly flow: ResolvedFlow;
  readonly direction: 'ingress' | 'egress';
  readonly group: AwsSecurityGroup;
  readonly peer: AwsPeer;
  /** What the rule's names are made of: flow key, group, "from-" or "to-" peer; stable while those stay. */
  readonly nameParts: readonly string[];
}

/**
 * The rules of a flow: on each security group of the destination (ingress) or, for a flow
 * to an external role, of the source (egress); for each security group of the other side
 * if the profile gives any, else for each of its address ranges. A role (or included role,
 * see hostGroupsOf) without them has a placeholder instead. An external role is only ever
 * the other side, by its networks (see externalNetworksOf); a flow between two has no rule.
 */
export function awsRulesOf(input: RenderInput, flow: ResolvedFlow): AwsRule[] {
  const direction = directionOf(input, flow);
  if (direction === null) return [];
  const { own, peer } = sidesOf(flow, direction);
  const groups = uniqueBy(
    hostGroupsOf(input, own).flatMap((role): AwsSecurityGroup[] => {
      const ids = addressesOf(input, role).securityGroupIds;
      return ids.length > 0 ? ids.map((id) => ({ kind: 'security-group', id })) : [{ kind: 'placeholder', role }];
    }),
    keyOf,
  );
  const peers = uniqueBy(
    hostGroupsOf(input, peer).flatMap((role): AwsPeer[] => {
      if (isExternal(input, role)) {
        const networks = externalNetworksOf(input, role);
        return networks.length > 0
          ? networks.map((cidr) => ({ kind: 'cidr', cidr }))
          : [{ kind: 'network-placeholder', role }];
      }
      const { securityGroupIds, cidrs } = addressesOf(input, role);
      if (securityGroupIds.length > 0) return securityGroupIds.map((id) => ({ kind: 'security-group', id }));
      if (cidrs.length > 0) return cidrs.map((cidr) => ({ kind: 'cidr', cidr }));
      return [{ kind: 'placeholder', role }];
    }),
    keyOf,
  );
  return groups.flatMap((group) =>
    peers.map((target) => ({
      flow,
      direction,
      group,
      peer: target,
      nameParts: [flow.key, labelOf(group), `${direction === 'ingress' ? 'from' : 'to'}-${labelOf(target)}`],
    })),
  );
}

function labelOf(side: AwsSecurityGroup | AwsPeer): string {
  return side.kind === 'security-group' ? side.id : side.kind === 'cidr' ? side.cidr : side.role;
}

function keyOf(side: AwsSecurityGroup | AwsPeer): string {
  return `${side.kind}:${labelOf(side)}`;
}

/** The `ip_protocol` / `IpProtocol` of a flow: "tcp", "udp", or the protocol number ("4" for IP-in-IP). */
export function awsIpProtocol(flow: ResolvedFlow): string {
  return flow.protocol === 'tcp' || flow.protocol === 'udp' ? flow.protocol : String(flow.ipProtocolNumber);
}

/**
 * A rule description AWS accepts: at most 255 characters from a-z, A-Z, 0-9, space and
 * `._-:/()#,@[]+=&;{}!$*`. Anything else (quotes, line breaks, non-ASCII) becomes a space.
 */
export function awsDescription(flow: ResolvedFlow): string {
  const allowed = flowText(flow)
    .replace(/[^A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return truncate(allowed, 255, '...');
}

export const isIpv6 = (cidr: string): boolean => familyOf(cidr) === 'ipv6';

const RESOURCE_TYPES = {
  ingress: 'aws_vpc_security_group_ingress_rule',
  egress: 'aws_vpc_security_group_egress_rule',
} as const;

/**
 * AWS security group rules for Terraform: one `aws_vpc_security_group_ingress_rule` per
 * flow, destination security group and source (security group, else address range); to an
 * external role, `aws_vpc_security_group_egress_rule` on the source's security groups with
 * the role's networks (cidr_ipv4 / cidr_ipv6). Addresses the profile does not give are
 * variables named after the role: a security group or ranges for a host or load balancer,
 * ranges only for an external role.
 */
export class AwsTerraformRenderer extends Renderer {
  readonly format: string = 'aws-terraform';
  readonly contentType: string = 'text/plain; charset=utf-8';
  readonly fileExtension: string = 'tf';
  readonly description: string = 'AWS VPC security group rules as Terraform (hashicorp/aws >= 5.0)';

  render(input: RenderInput): string {
    const roleName = roleNames(input, hclIdentifier, new UniqueNames());
    const variables = new HclVariables();
    const groupOf = (group: AwsSecurityGroup): string =>
      group.kind === 'security-group'
        ? hclString(group.id)
        : variables.use(
            `${roleName(group.role)}_security_group_id`,
            'string',
            `Id of the security group of ${roleLabel(input, group.role)}: the profile gives none.`,
          );
    /** The peer's attributes, and the for_each over a placeholder's ranges (which comes first). */
    const peerOf = (peer: AwsPeer): { forEach: HclAttribute[]; attributes: HclAttribute[] } => {
      switch (peer.kind) {
        case 'security-group':
          return { forEach: [], attributes: [attribute('referenced_security_group_id', hclString(peer.id))] };
        case 'cidr':
          return {
            forEach: [],
            attributes: [attribute(isIpv6(peer.cidr) ? 'cidr_ipv6' : 'cidr_ipv4', hclString(peer.cidr))],
          };
        case 'placeholder':
        case 'network-placeholder': {
          // One rule per address range of the variable (IPv4 or IPv6), through for_each.
          const ranges = variables.use(
            `${roleName(peer.role)}_cidrs`,
            'list(string)',
            `Address ranges (IPv4 or IPv6 CIDRs) of ${roleLabel(input, peer.role)}: the profile gives none.`,
          );
          return {
            forEach: [attribute('for_each', `toset(${ranges})`)],
            attributes: [
              attribute('cidr_ipv4', 'strcontains(each.value, ":") ? null : each.value'),
              attribute('cidr_ipv6', 'strcontains(each.value, ":") ? each.value : null'),
            ],
          };
        }
      }
    };

    const labels = new UniqueNames();
    const resources = input.flows.flatMap((flow) =>
      awsRulesOf(input, flow).map((rule) => {
        const [type, label] = addressOf(rule, labels);
        const description = awsDescription(flow);
        const peer = peerOf(rule.peer);
        return block(
          'resource',
          [type, label],
          [
            ...peer.forEach,
            attribute('security_group_id', groupOf(rule.group)),
            ...(description === '' ? [] : [attribute('description', hclString(description))]),
            attribute('ip_protocol', hclString(awsIpProtocol(flow))),
            ...(flow.fromPort === null || flow.toPort === null
              ? []
              : [attribute('from_port', String(flow.fromPort)), attribute('to_port', String(flow.toPort))]),
            ...peer.attributes,
          ],
          hclComment(flowSummary(flow)),
        );
      }),
    );

    const added = new Set(resources.map((resource) => resource.labels.join('.')));
    const removedLabels = new UniqueNames();
    const removed: RemovedFlow[] = input.removed.map((flow) => ({
      flow,
      addresses: awsRulesOf(input, flow).map((rule) => {
        const address = addressOf(rule, removedLabels).join('.');
        return { address, reused: added.has(address) };
      }),
    }));

    const omitted = input.flows.filter((flow) => externalOmission(input, flow) !== null);
    const header = hclComment(
      `${describeQuestion(input)}: AWS security group rules for Terraform.`,
      "Flows are ingress rules on the destination role's security groups; a flow to an external role",
      "(the Internet, an intranet, a cloud API) is an egress rule on the source's security groups, to",
      "the role's networks (the Internet: 0.0.0.0/0 and ::/0 unless the profile narrows it).",
      'Needs Terraform >= 1.5 and the hashicorp/aws provider >= 5.0.',
      ...omittedLines(input, omitted),
      ...(variables.size > 0
        ? ['Variables stand for addresses the profile does not give: set them before applying.']
        : []),
      ...(input.since === null ? [] : ['', ...changeNotice(input, TERRAFORM, removed)]),
    );
    return formatHclFile(header, [...variables.blocks(), ...resources]);
  }
}

/** The resource type and label of a rule: the label is made of the flow key, the group and the peer. */
function addressOf(rule: AwsRule, labels: UniqueNames): [string, string] {
  const type = RESOURCE_TYPES[rule.direction];
  return [type, labels.claim(`${type}.${hclIdentifier(rule.nameParts.join('__'))}`).slice(type.length + 1)];
}
