import { Document, isMap, isScalar } from 'yaml';
import type { RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import {
  awsDescription,
  awsIpProtocol,
  awsRulesOf,
  isIpv6,
  type AwsPeer,
  type AwsRule,
} from './aws-terraform.renderer';
import {
  changeNotice,
  externalOmission,
  flowSummary,
  isExternal,
  omittedLines,
  roleLabel,
  roleNames,
  truncate,
  type ChangeTool,
  type RemovedFlow,
} from './cloud-firewall';
import { describeQuestion } from './flow-rows';
import { UniqueNames } from './hcl';
import { oneLine } from './text';

const RESOURCE_TYPES = { ingress: 'AWS::EC2::SecurityGroupIngress', egress: 'AWS::EC2::SecurityGroupEgress' } as const;

/** A logical ID (alphanumeric, at most 255 characters) from any text: "etcd-peer" → "EtcdPeer". */
function pascal(text: string, fallback: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  const id = words.map((word) => word[0].toUpperCase() + word.slice(1)).join('');
  return id === '' ? fallback : id.slice(0, 200);
}

const CLOUDFORMATION: ChangeTool = {
  name: 'CloudFormation',
  address: 'logical ID',
  apply: 'update the stack with it',
  reuse: 'CloudFormation updates or replaces that rule',
};

type Reference = string | { readonly Ref: string };

/** An IPv4 CIDR, as the AllowedPattern of a parameter that stands for an external role's range. */
export const IPV4_CIDR_PATTERN =
  '^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}/(3[0-2]|[12]?[0-9])$';

/**
 * The AWS rules as a CloudFormation template: `AWS::EC2::SecurityGroupIngress` (and, to an
 * external role, `AWS::EC2::SecurityGroupEgress`) resources, one per rule of the Terraform
 * variant. A security group the profile does not give is a parameter named after the role;
 * so is a host source without any address (CloudFormation has no loop over a list of ranges,
 * so the placeholder is the role's security group rather than its address ranges). An
 * external role without networks (an intranet the profile does not describe) is never a
 * security group: its parameter is one IPv4 range (`IntranetCidr`). References are written
 * in the long form (`{ Ref: … }`), so any YAML parser reads the template.
 */
export class AwsCloudFormationRenderer extends Renderer {
  readonly format: string = 'aws-cloudformation';
  readonly contentType: string = 'application/yaml; charset=utf-8';
  readonly fileExtension: string = 'yaml';
  readonly description: string = 'AWS VPC security group rules as a CloudFormation template';

  render(input: RenderInput): string {
    const rules = input.flows.flatMap((flow) => awsRulesOf(input, flow));
    const logicalIds = new UniqueNames((base, suffix) => `${base}${suffix}`);
    const roleName = roleNames(
      input,
      (key) => pascal(key, 'Role'),
      new UniqueNames((base, suffix) => `${base}${suffix}`),
    );

    // Parameters first, so that their names do not depend on the names of the rules.
    const parameters = new Map<string, { id: string; body: Record<string, unknown> }>();
    const placeholderRoles = rules.flatMap((rule) => [
      ...(rule.group.kind === 'placeholder' ? [rule.group.role] : []),
      ...(rule.peer.kind === 'placeholder' || rule.peer.kind === 'network-placeholder' ? [rule.peer.role] : []),
    ]);
    for (const role of [...new Set(placeholderRoles)].sort()) {
      parameters.set(
        role,
        isExternal(input, role)
          ? {
              id: logicalIds.claim(`${roleName(role)}Cidr`),
              body: {
                Type: 'String',
                Description: truncate(
                  `One IPv4 address range (CIDR) of ${roleLabel(input, role)}: the profile gives none ` +
                    '(give the profile its networks for more than one range, or for IPv6).',
                  4000,
                ),
                AllowedPattern: IPV4_CIDR_PATTERN,
              },
            }
          : {
              id: logicalIds.claim(`${roleName(role)}SecurityGroupId`),
              body: {
                Type: 'AWS::EC2::SecurityGroup::Id',
                Description: `Security group of ${roleLabel(input, role)}: the profile gives none.`,
              },
            },
      );
    }
    const ref = (role: string): { readonly Ref: string } => ({ Ref: parameters.get(role)?.id ?? '' });
    const peerOf = (rule: AwsRule, peer: AwsPeer): Record<string, Reference> => {
      const group = rule.direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId';
      switch (peer.kind) {
        case 'security-group':
          return { [group]: peer.id };
        case 'cidr':
          return { [isIpv6(peer.cidr) ? 'CidrIpv6' : 'CidrIp']: peer.cidr };
        case 'placeholder':
          return { [group]: ref(peer.role) };
        case 'network-placeholder':
          return { CidrIp: ref(peer.role) };
      }
    };

    const resources: Record<string, unknown> = {};
    const summaries = new Map<string, string>();
    for (const rule of rules) {
      const { flow } = rule;
      const description = awsDescription(flow);
      const id = logicalIds.claim(pascal(rule.nameParts.join('-'), 'Rule'));
      summaries.set(id, flowSummary(flow));
      resources[id] = {
        Type: RESOURCE_TYPES[rule.direction],
        Properties: {
          GroupId: rule.group.kind === 'security-group' ? rule.group.id : ref(rule.group.role),
          ...(description === '' ? {} : { Description: description }),
          IpProtocol: awsIpProtocol(flow),
          ...(flow.fromPort === null || flow.toPort === null ? {} : { FromPort: flow.fromPort, ToPort: flow.toPort }),
          ...peerOf(rule, rule.peer),
        },
      };
    }
    // A template needs at least one resource: without any rule, a handle that does nothing.
    if (Object.keys(resources).length === 0) resources.NoRules = { Type: 'AWS::CloudFormation::WaitConditionHandle' };

    const added = new Set(Object.keys(resources));
    const removedIds = new UniqueNames((base, suffix) => `${base}${suffix}`);
    const removed: RemovedFlow[] = input.removed.map((flow) => ({
      flow,
      addresses: awsRulesOf(input, flow).map((rule) => {
        const address = removedIds.claim(pascal(rule.nameParts.join('-'), 'Rule'));
        return { address, reused: added.has(address) };
      }),
    }));

    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: truncate(`${describeQuestion(input)}: security group rules`, 250),
      ...(parameters.size === 0
        ? {}
        : { Parameters: Object.fromEntries([...parameters.values()].map(({ id, body }) => [id, body])) }),
      Resources: resources,
    };
    const comment = [
      `${describeQuestion(input)}: AWS security group rules for CloudFormation.`,
      "Ingress rules on the destination's security groups; a flow to an external role is an egress rule",
      "on the source's security groups, to the role's networks (the Internet: 0.0.0.0/0 and ::/0).",
      ...omittedLines(
        input,
        input.flows.filter((flow) => externalOmission(input, flow) !== null),
      ),
      ...(input.since === null ? [] : ['', ...changeNotice(input, CLOUDFORMATION, removed)]),
    ];
    // YAML 1.1 quoting: "yes", "on" or "2010-09-09" stay strings for a YAML 1.1 reader too.
    const document = new Document(template, { version: '1.1' });
    document.commentBefore = comment.map((line) => (line === '' ? '' : ` ${oneLine(line)}`)).join('\n');
    const resourceMap = document.get('Resources');
    for (const { key } of isMap(resourceMap) ? resourceMap.items : []) {
      const summary = isScalar(key) ? summaries.get(String(key.value)) : undefined;
      if (isScalar(key) && summary !== undefined) key.commentBefore = ` ${oneLine(summary)}`;
    }
    return document.toString({ lineWidth: 0, blockQuote: false });
  }
}
