import { createHash } from 'node:crypto';
import type { ResolvedFlow } from '../../flows/resolved-flow';
import { addressesOf, type RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import {
  changeNotice,
  directionOf,
  flowSummary,
  flowText,
  hostGroupsOf,
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
  formatHclFile,
  hclComment,
  hclIdentifier,
  hclListOf,
  hclString,
  hclStringList,
  HclVariables,
  UniqueNames,
  type HclAttribute,
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

/**
 * GCP VPC firewall rules for Terraform: one `google_compute_firewall` per flow. INGRESS
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
    const rangesOf = (role: string): HclListPart => {
      const description = `Address ranges (CIDRs) of ${roleLabel(input, role)}: the profile gives none.`;
      return { expression: variables.use(`${roleName(role)}_cidrs`, 'list(string)', description) };
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
    /** Source ranges and tags (either lets a packet in); a role with neither has a placeholder for its ranges. */
    const sourcesOf = (role: string): HclAttribute[] => {
      const groups = hostGroupsOf(input, role).map((group) => ({ group, ...addressesOf(input, group) }));
      const ranges = groups.flatMap(({ group, cidrs, tags }): HclListPart[] =>
        cidrs.length > 0 ? [{ items: cidrs }] : tags.length > 0 ? [] : [rangesOf(group)],
      );
      const tags = groups.filter((group) => group.tags.length > 0).map((group) => ({ items: group.tags }));
      return [
        ...(ranges.length > 0 ? [attribute('source_ranges', hclListOf(ranges))] : []),
        ...(tags.length > 0 ? [attribute('source_tags', hclListOf(tags))] : []),
      ];
    };
    const destinationRangesOf = (role: string): string =>
      hclListOf(
        hostGroupsOf(input, role).map((group) => {
          const { cidrs } = addressesOf(input, group);
          return cidrs.length > 0 ? { items: cidrs } : rangesOf(group);
        }),
      );
    const nameBase = (flow: ResolvedFlow) =>
      gcpFirewallName([input.profile, flow.key].filter((part) => part !== null).join('-'));

    const names = new UniqueNames(withSuffix);
    const resources = input.flows.map((flow) => {
      const name = names.claim(nameBase(flow));
      const direction = directionOf(input, flow);
      const { own, peer } = sidesOf(flow, direction);
      const description = gcpDescription(flow);
      const ports =
        flow.fromPort === null || flow.toPort === null
          ? null
          : flow.fromPort === flow.toPort
            ? `${flow.fromPort}`
            : `${flow.fromPort}-${flow.toPort}`;
      return block(
        'resource',
        ['google_compute_firewall', name],
        [
          attribute('name', hclString(name)),
          attribute('network', network),
          ...(description === '' ? [] : [attribute('description', hclString(description))]),
          attribute('direction', hclString(direction === 'ingress' ? 'INGRESS' : 'EGRESS')),
          attribute('target_tags', targetTagsOf(own)),
          ...(direction === 'ingress' ? sourcesOf(peer) : [attribute('destination_ranges', destinationRangesOf(peer))]),
          block(
            'allow',
            [],
            [
              attribute('protocol', hclString(gcpProtocol(flow))),
              ...(ports === null ? [] : [attribute('ports', hclStringList([ports]))]),
            ],
          ),
        ],
        hclComment(flowSummary(flow)),
      );
    });

    const added = new Set(resources.map((resource) => resource.labels.join('.')));
    const removedNames = new UniqueNames(withSuffix);
    const removed: RemovedFlow[] = input.removed.map((flow) => {
      const address = `google_compute_firewall.${removedNames.claim(nameBase(flow))}`;
      return { flow, addresses: [{ address, reused: added.has(address) }] };
    });

    const header = hclComment(
      `${describeQuestion(input)}: GCP VPC firewall rules for Terraform.`,
      "INGRESS rules on the destination role's network tags; a flow to a role the profile gives address",
      "ranges only for (the Internet, a cloud API) is an EGRESS rule on the source's tags.",
      'Variables stand for the network and for tags or ranges the profile does not give: set them before applying.',
      ...(input.since === null ? [] : ['', ...changeNotice(input, TERRAFORM, removed)]),
    );
    return formatHclFile(header, [...variables.blocks(), ...resources]);
  }
}
