import { createHash } from 'node:crypto';
import type { ResolvedFlow } from '../../flows/resolved-flow';
import { addressesOf, type RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import {
  changeNotice,
  directionOf,
  externalOmission,
  flowSummary,
  flowText,
  hostGroupsOf,
  isExternal,
  omittedLines,
  splitByFamily,
  type RangePart,
  roleLabel,
  roleNames,
  sidesOf,
  TERRAFORM,
  truncate,
  type RemovedFlow,
} from './cloud-firewall';
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
  hclStringList,
  HclVariables,
  UniqueNames,
  type HclListPart,
} from './hcl';

/** What GCP accepts as a firewall name (and Terraform as a resource name). */
export const GCP_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const GCP_NAME_MAX = 63;

/**
 * A firewall name from any text: lower case, runs of other characters as "-", starting with
 * a letter; a name longer than 63 characters is cut and ends in a hash of the whole text.
 */
export function gcpFirewallName(text: string): string {
  let name = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(name)) name = name === '' ? 'fw' : `fw-${name}`;
  if (name.length <= GCP_NAME_MAX) return name;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${name.slice(0, GCP_NAME_MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** A second name from the same base: "…-2", still at most 63 characters. */
function withSuffix(base: string, suffix: number): string {
  const tail = `-${suffix}`;
  return `${base.slice(0, GCP_NAME_MAX - tail.length).replace(/-+$/, '')}${tail}`;
}

/** A description GCP accepts: at most 2048 characters. */
export function gcpDescription(flow: ResolvedFlow): string {
  return truncate(flowText(flow), 2048);
}

/** The `allow` protocol: "tcp", "udp", or the protocol number ("4" for IP-in-IP, which GCP also calls "ipip"). */
export function gcpProtocol(flow: ResolvedFlow): string {
  return flow.protocol === 'tcp' || flow.protocol === 'udp' ? flow.protocol : String(flow.ipProtocolNumber);
}

/** One firewall rule of a flow, before names and variables are given. */
export interface GcpRule {
  readonly flow: ResolvedFlow;
  readonly direction: 'ingress' | 'egress';
  /** The role whose tags the rule targets: the destination (INGRESS) or the source (EGRESS). */
  readonly own: string;
  /** The other side's ranges: source_ranges (INGRESS) or destination_ranges (EGRESS). */
  readonly ranges: readonly RangePart[];
  /** INGRESS only: the source's tags (either they or the ranges let a packet in). */
  readonly sourceTags: readonly string[];
  readonly ports: string | null;
  /** What the firewall name is made of: profile, flow key, and "ipv6" for a flow's IPv6 rule. */
  readonly nameText: string;
}

/**
 * The rules of a flow: INGRESS on the destination's tags from the source's ranges and tags
 * (an external source by its networks only); EGRESS on the source's tags to an external
 * destination's networks; none for a flow between two external roles. A role without
 * ranges or tags has a placeholder for its ranges. A rule whose literal ranges are IPv4 and
 * IPv6 is two rules, one per family (GCP refuses a rule mixing them); the source tags stay
 * on the first.
 */
export function gcpRulesOf(input: RenderInput, flow: ResolvedFlow): GcpRule[] {
  const direction = directionOf(input, flow);
  if (direction === null) return [];
  const { own, peer } = sidesOf(flow, direction);
  const groups = hostGroupsOf(input, peer).map((group) => ({
    external: isExternal(input, group),
    ...addressesOf(input, group),
    group,
  }));
  const ranges = groups.flatMap(({ group, external, cidrs, tags }): RangePart[] =>
    cidrs.length > 0 ? [{ items: cidrs }] : tags.length > 0 && !external ? [] : [{ placeholder: group }],
  );
  const sourceTags =
    direction === 'ingress'
      ? [...new Set(groups.filter((group) => !group.external).flatMap((group) => group.tags))]
      : [];
  const ports =
    flow.fromPort === null || flow.toPort === null
      ? null
      : flow.fromPort === flow.toPort
        ? `${flow.fromPort}`
        : `${flow.fromPort}-${flow.toPort}`;
  const base = [input.profile, flow.key].filter((part) => part !== null).join('-');
  return splitByFamily([ranges]).map(({ family, sides }, index) => ({
    flow,
    direction,
    own,
    ranges: sides[0],
    sourceTags: index === 0 ? sourceTags : [],
    ports,
    nameText: family === 'ipv6' ? `${base}-ipv6` : base,
  }));
}

/**
 * GCP VPC firewall rules for Terraform: one `google_compute_firewall` per flow (two for a flow
 * whose ranges are IPv4 and IPv6). INGRESS
 * rules target the destination's network tags and let in the source's tags and address
 * ranges (either matches); a flow to a network outside is an EGRESS rule targeting the
 * source's tags with the destination's ranges. Tags or ranges the profile does not give are
 * variables named after the role; so is the network. Firewall names are the profile and the
 * flow key ("prod-eu-1-etcd-peer"), so several profiles can share a project.
 */
export class GcpTerraformRenderer extends Renderer {
  readonly format: string = 'gcp-terraform';
  readonly contentType: string = 'text/plain; charset=utf-8';
  readonly fileExtension: string = 'tf';
  readonly description: string = 'GCP VPC firewall rules as Terraform (hashicorp/google)';

  render(input: RenderInput): string {
    const roleName = roleNames(input, hclIdentifier, new UniqueNames());
    const variables = new HclVariables();
    const network = variables.use(
      'network',
      'string',
      'The VPC network (name or self link) the rules belong to.',
      true,
    );
    const rangesOf = (part: RangePart): HclListPart => {
      if ('items' in part) return part;
      const role = part.placeholder;
      const description = `Address ranges (CIDRs) of ${roleLabel(input, role)}: the profile gives none.`;
      const ranges = variables.use(`${roleName(role)}_cidrs`, 'list(string)', description);
      return { expression: part.family === undefined ? ranges : familyFilter(ranges, part.family) };
    };
    const targetTagsOf = (role: string): string =>
      hclListOf(
        hostGroupsOf(input, role).map((group) => {
          const { tags } = addressesOf(input, group);
          if (tags.length > 0) return { items: tags };
          const description = `Network tags of ${roleLabel(input, group)}: the profile gives none.`;
          return { expression: variables.use(`${roleName(group)}_target_tags`, 'list(string)', description) };
        }),
      );

    const names = new UniqueNames(withSuffix);
    const resources = input.flows.flatMap((flow) =>
      gcpRulesOf(input, flow).map((rule) => {
        const name = names.claim(gcpFirewallName(rule.nameText));
        const description = gcpDescription(flow);
        const ranges = rule.ranges.map(rangesOf);
        const peers =
          rule.direction === 'ingress'
            ? [
                ...(ranges.length > 0 ? [attribute('source_ranges', hclListOf(ranges))] : []),
                ...(rule.sourceTags.length > 0 ? [attribute('source_tags', hclStringList(rule.sourceTags))] : []),
              ]
            : [attribute('destination_ranges', hclListOf(ranges))];
        return block(
          'resource',
          ['google_compute_firewall', name],
          [
            attribute('name', hclString(name)),
            attribute('network', network),
            ...(description === '' ? [] : [attribute('description', hclString(description))]),
            attribute('direction', hclString(rule.direction === 'ingress' ? 'INGRESS' : 'EGRESS')),
            attribute('target_tags', targetTagsOf(rule.own)),
            ...peers,
            block(
              'allow',
              [],
              [
                attribute('protocol', hclString(gcpProtocol(flow))),
                ...(rule.ports === null ? [] : [attribute('ports', hclStringList([rule.ports]))]),
              ],
            ),
          ],
          hclComment(flowSummary(flow)),
        );
      }),
    );

    const added = new Set(resources.map((resource) => resource.labels.join('.')));
    const removedNames = new UniqueNames(withSuffix);
    const removed: RemovedFlow[] = input.removed.map((flow) => ({
      flow,
      addresses: gcpRulesOf(input, flow).map((rule) => {
        const address = `google_compute_firewall.${removedNames.claim(gcpFirewallName(rule.nameText))}`;
        return { address, reused: added.has(address) };
      }),
    }));

    const header = hclComment(
      `${describeQuestion(input)}: GCP VPC firewall rules for Terraform.`,
      "INGRESS rules on the destination role's network tags; a flow to an external role (the Internet,",
      "an intranet, a cloud API) is an EGRESS rule on the source's tags with the role's networks as",
      'destination_ranges (the Internet: 0.0.0.0/0 and ::/0 unless the profile narrows it). GCP takes',
      'IPv4 or IPv6 ranges in one rule, not both: a flow to both has a second rule named "...-ipv6".',
      ...omittedLines(
        input,
        input.flows.filter((flow) => externalOmission(input, flow) !== null),
      ),
      'Variables stand for the network and for tags or ranges the profile does not give: set them before applying.',
      ...(input.since === null ? [] : ['', ...changeNotice(input, TERRAFORM, removed)]),
    );
    return formatHclFile(header, [...variables.blocks(), ...resources]);
  }
}
