import { HOST } from '../fixtures/random-render-input';
import { exceededLimit } from '../renderer';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { IP_PROTOCOL_NUMBERS, type ResolvedFlow, type ResolvedProtocol } from '../../flows/resolved-flow';
import { FULL_ADDRESSES, kublrCatalog, renderFixtures, renderInputFor } from '../fixtures/render-fixtures';
import { ALLOW_EVERY_HOST, type RenderInput, type RoleAddresses } from '../render-input';
import type { Renderer } from '../renderer';
import { AwsCloudFormationRenderer } from './aws-cloudformation.renderer';
import { awsDescription, AwsTerraformRenderer } from './aws-terraform.renderer';
import {
  AZURE_LAST_PRIORITY,
  AZURE_MAX_RULES,
  azureDescription,
  azureRulesOf,
  AzureTerraformRenderer,
} from './azure-terraform.renderer';
import {
  GCP_NAME,
  GCP_NAME_MAX,
  gcpDescription,
  gcpFirewallName,
  GcpTerraformRenderer,
} from './gcp-terraform.renderer';
import { hclIdentifier, hclString } from './hcl';

const aws = new AwsTerraformRenderer();
const cloudFormation = new AwsCloudFormationRenderer();
const azure = new AzureTerraformRenderer();
const gcp = new GcpTerraformRenderer();
const TERRAFORM_RENDERERS: readonly Renderer[] = [aws, azure, gcp];
const fixtures = Object.fromEntries(renderFixtures().map(({ name, input }) => [name, input]));
const full = fixtures['kublr-calico-full-addresses'];
const bare = fixtures['kublr-canal-no-addresses'];
const change = fixtures['kublr-upgrade-from-1.29.0'];

type Body = Record<string, unknown>;
interface TerraformJson {
  variable?: Record<string, Body[]>;
  resource?: Record<string, Record<string, Body[]>>;
}

/** The file as Terraform's own HCL parser (compiled to WebAssembly) reads it, in Terraform's JSON form. */
async function terraformJson(text: string): Promise<TerraformJson> {
  const json = (await parseHcl('main.tf', text)) as TerraformJson;
  // A block label declared twice would come back as two bodies under one name.
  for (const bodies of Object.values(json.variable ?? {})) expect(bodies).toHaveLength(1);
  for (const byLabel of Object.values(json.resource ?? {})) {
    for (const [label, bodies] of Object.entries(byLabel)) {
      expect(label).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
      expect(bodies).toHaveLength(1);
    }
  }
  return json;
}

/** The resources of one type, by label. */
function resources(json: TerraformJson, type: string): [string, Body][] {
  return Object.entries(json.resource?.[type] ?? {}).map(([label, [body]]) => [label, body]);
}

/** A rule's description as text, "" when the rule has none. */
function descriptionOf(rule: Body): string {
  return rule.description === undefined ? '' : literal(rule.description);
}

/** The text a string of Terraform's JSON form stands for: "$${" is a literal "${", "%%{" a literal "%{". */
function literal(value: unknown): string {
  expect(typeof value).toBe('string');
  return String(value)
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
if (terraform.status !== 0) {
  console.log('skipped: terraform fmt -check (no terraform binary on PATH); the HCL parser check still runs');
}

/** `terraform fmt -check`: the real tool parses the file and finds nothing to reformat. */
function terraformFmtCheck(text: string): void {
  const result = spawnSync('terraform', ['fmt', '-no-color', '-check', '-'], { input: text, encoding: 'utf8' });
  expect(result.status, `terraform fmt -check: ${result.stdout}${result.stderr}`).toBe(0);
}

describe.each(renderFixtures())('cloud renderers on $name', ({ input }) => {
  it.each(TERRAFORM_RENDERERS.map((renderer) => [renderer.format, renderer] as const))(
    '%s output parses as HCL',
    async (_, renderer) => {
      const json = await terraformJson(renderer.render(input));
      expect(Object.keys(json.resource ?? {}).length).toBeGreaterThan(0);
    },
  );

  it.skipIf(terraform.status !== 0).each(TERRAFORM_RENDERERS.map((renderer) => [renderer.format, renderer] as const))(
    '%s output passes terraform fmt -check',
    (_, renderer) => terraformFmtCheck(renderer.render(input)),
  );

  it('aws-cloudformation output is a schema-valid template', () => {
    cloudFormationTemplate(cloudFormation.render(input));
  });

  it('renders the same input to the same text', () => {
    for (const renderer of [...TERRAFORM_RENDERERS, cloudFormation])
      expect(renderer.render(input)).toBe(renderer.render(input));
  });
});

describe('aws-terraform', () => {
  it('allows IP-in-IP as IP protocol 4, without ports', async () => {
    const rules = resources(await terraformJson(aws.render(full)), 'aws_vpc_security_group_ingress_rule');
    const ipip = rules.filter(([label]) => label.startsWith('calico_ipip__'));
    expect(ipip).toHaveLength(4); // node → node: master's and worker's groups, each from both
    for (const [, rule] of ipip) {
      expect(rule.ip_protocol).toBe('4');
      expect(rule).not.toHaveProperty('from_port');
      expect(rule).not.toHaveProperty('to_port');
    }
  });

  it("attaches a rule to the destination's security group and references the source's", async () => {
    const rules = resources(await terraformJson(aws.render(full)), 'aws_vpc_security_group_ingress_rule');
    const [, rule] = rules.find(([label]) => label.startsWith('worker_master_kubernetes_api__')) ?? [];
    expect(rule).toMatchObject({
      security_group_id: 'sg-0master0000000001',
      referenced_security_group_id: 'sg-0worker0000000001',
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
    });
    expect(rule).not.toHaveProperty('cidr_ipv4');
  });

  it('uses address ranges for a source without security groups, one rule per range', async () => {
    const rules = resources(await terraformJson(aws.render(full)), 'aws_vpc_security_group_ingress_rule');
    const nodePorts = rules.filter(([label]) => label.startsWith('ingress_lb_worker_node_ports_tcp__'));
    expect(nodePorts.map(([, rule]) => [rule.security_group_id, rule.cidr_ipv4])).toEqual([
      ['sg-0worker0000000001', '10.0.0.20/32'],
    ]);
  });

  it("writes a flow to an outside network as an egress rule on the source's security groups", async () => {
    const json = await terraformJson(aws.render(full));
    const egress = resources(json, 'aws_vpc_security_group_egress_rule').filter(([label]) =>
      label.startsWith('node_internet_https__'),
    );
    expect(egress.map(([, rule]) => [rule.security_group_id, rule.cidr_ipv4])).toEqual([
      ['sg-0master0000000001', '0.0.0.0/0'],
      ['sg-0worker0000000001', '0.0.0.0/0'],
    ]);
    // KCP has no security group in the profile: its egress rule names a placeholder.
    const [, kcp] =
      resources(json, 'aws_vpc_security_group_egress_rule').find(([label]) => label.startsWith('kcp_cloud_api__')) ??
      [];
    expect(kcp).toMatchObject({ security_group_id: '${var.kcp_security_group_id}', cidr_ipv4: '203.0.113.0/24' });
    expect(json.variable).toHaveProperty('kcp_security_group_id');
  });

  it('declares placeholder variables when the profile gives no addresses', async () => {
    const json = await terraformJson(aws.render(bare));
    expect(Object.keys(json.variable ?? {})).toEqual(
      expect.arrayContaining([
        'master_security_group_id',
        'master_cidrs',
        'worker_security_group_id',
        'worker_cidrs',
        'kcp_cidrs',
      ]),
    );
    // "node" is master and worker: their placeholders, none of its own.
    expect(json.variable).not.toHaveProperty('node_security_group_id');
    expect(json.variable?.master_cidrs?.[0]).toMatchObject({ type: '${list(string)}' });
    const [, etcd] =
      resources(json, 'aws_vpc_security_group_ingress_rule').find(([label]) => label.startsWith('etcd_client__')) ?? [];
    expect(etcd).toMatchObject({
      for_each: '${toset(var.master_cidrs)}',
      security_group_id: '${var.master_security_group_id}',
      cidr_ipv4: '${strcontains(each.value, ":") ? null : each.value}',
      cidr_ipv6: '${strcontains(each.value, ":") ? each.value : null}',
    });
  });

  it('keeps descriptions to what AWS accepts', async () => {
    for (const input of [full, bare, change]) {
      for (const type of ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']) {
        for (const [, rule] of resources(await terraformJson(aws.render(input)), type)) {
          expect(literal(rule.description)).toMatch(/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/);
        }
      }
    }
  });

  it('for a change, writes the rules to add and lists the rules to remove in the leading comment', async () => {
    const text = aws.render(change);
    const json = await terraformJson(text);
    const labels = resources(json, 'aws_vpc_security_group_ingress_rule').map(([label]) => label);
    expect(labels.map((label) => label.split('__')[0]).sort()).toEqual(['etcd_peer', 'kcp_master_secret_store']);
    const comment = text.slice(0, text.indexOf('\n\n', text.indexOf('Remove these rules')));
    expect(comment).toContain('# Remove these rules (2 flow(s) removed or changed):');
    expect(comment).toContain('# - legacy-heapster: node -> node, tcp 8082 (Heapster)');
    expect(comment).toContain(
      '#     aws_vpc_security_group_ingress_rule.legacy_heapster__sg_0worker0000000001__from_sg_0master0000000001',
    );
    expect(comment).toContain('# - etcd-peer: master -> master, tcp 2380-2390 (Etcd)');
    expect(comment).toMatch(/etcd_peer__sg_0master0000000001__from_sg_0master0000000001 \(the same resource address/);
    expect(comment).toContain('apply it in place of that file');
  });
});

describe('aws-cloudformation', () => {
  it('writes IP-in-IP as IpProtocol "4" without ports, and references security groups', () => {
    const template = cloudFormationTemplate(cloudFormation.render(full));
    const rules = Object.values(template.Resources);
    const ipip = rules.filter((rule) => rule.Properties.IpProtocol === '4');
    expect(ipip).toHaveLength(4);
    for (const rule of ipip) expect(rule.Properties).not.toHaveProperty('FromPort');
    expect(rules).toContainEqual({
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: 'sg-0master0000000001',
        Description: 'Kubernetes API',
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: 'sg-0worker0000000001',
      },
    });
    expect(rules.filter((rule) => rule.Type === 'AWS::EC2::SecurityGroupEgress').length).toBeGreaterThan(0);
  });

  it('has a parameter for each security group the profile does not give', () => {
    const template = cloudFormationTemplate(cloudFormation.render(bare));
    expect(Object.keys(template.Parameters ?? {})).toEqual(
      expect.arrayContaining(['MasterSecurityGroupId', 'WorkerSecurityGroupId', 'KcpSecurityGroupId']),
    );
    expect(Object.values(template.Resources)).toContainEqual(
      expect.objectContaining({
        Properties: expect.objectContaining({
          GroupId: { Ref: 'MasterSecurityGroupId' },
          SourceSecurityGroupId: { Ref: 'WorkerSecurityGroupId' },
        }),
      }),
    );
  });

  it('lists the rules to remove for a change', () => {
    const text = cloudFormation.render(change);
    expect(Object.keys(cloudFormationTemplate(text).Resources)).toHaveLength(2);
    expect(text).toContain('#     LegacyHeapsterSg0master0000000001FromSg0master0000000001\n');
    expect(text).toContain('update the stack with it');
  });

  it('keeps a template valid when there is no rule', () => {
    const template = cloudFormationTemplate(cloudFormation.render({ ...full, flows: [] }));
    expect(template.Resources).toEqual({ NoRules: { Type: 'AWS::CloudFormation::WaitConditionHandle' } });
  });
});

describe('azure-terraform', () => {
  it('gives every rule a priority unique in its direction, increasing from 100 within 100-4096', async () => {
    for (const input of [full, bare, change]) {
      const text = azure.render(input);
      const rules = Object.fromEntries(resources(await terraformJson(text), 'azurerm_network_security_rule'));
      // The parser sorts the labels; the priorities go up in the order of the file.
      const inFileOrder = [...text.matchAll(/^resource "azurerm_network_security_rule" "(\w+)"/gm)].map(
        ([, label]) => rules[label],
      );
      expect(inFileOrder).toHaveLength(Object.keys(rules).length);
      // Azure wants priorities unique per direction only ("Rules cannot have the same Priority and Direction").
      for (const direction of ['Inbound', 'Outbound']) {
        const priorities = inFileOrder
          .filter((rule) => rule.direction === direction)
          .map((rule) => rule.priority as number);
        if (priorities.length === 0) continue;
        expect(priorities[0]).toBe(100);
        priorities.slice(1).forEach((priority, index) => expect(priority).toBeGreaterThan(priorities[index]));
        expect(Math.max(...priorities)).toBeLessThanOrEqual(AZURE_LAST_PRIORITY);
      }
      const names = inFileOrder.map((rule) => String(rule.name).toLowerCase());
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('leaves IP-in-IP out, saying why, and never widens it to "*"', async () => {
    const text = azure.render(full);
    const rules = resources(await terraformJson(text), 'azurerm_network_security_rule');
    expect(rules.map(([label]) => label)).not.toContain('calico_ipip');
    expect(new Set(rules.map(([, rule]) => rule.protocol))).toEqual(new Set(['Tcp', 'Udp']));
    expect(text).toContain('# Left out: calico-ipip: node -> node, ipip (IP protocol 4) (Calico IP-in-IP).');
    expect(text).toContain('cannot name IP protocol 4');
  });

  it('writes address prefixes, and placeholders for roles without any', async () => {
    const rules = Object.fromEntries(
      resources(await terraformJson(azure.render(full)), 'azurerm_network_security_rule'),
    );
    expect(rules.worker_master_kubernetes_api).toMatchObject({
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source_port_range: '*',
      destination_port_range: '443',
      source_address_prefixes: ['10.0.2.0/24', '10.0.3.0/24'],
      destination_address_prefixes: ['10.0.1.0/24'],
      resource_group_name: '${var.resource_group_name}',
      network_security_group_name: '${var.network_security_group_name}',
    });
    expect(rules.node_internet_https).toMatchObject({
      direction: 'Outbound',
      destination_address_prefixes: ['0.0.0.0/0'],
    });

    const json = await terraformJson(azure.render(bare));
    expect(json.variable).toHaveProperty('master_address_prefixes');
    const bareRules = Object.fromEntries(resources(json, 'azurerm_network_security_rule'));
    expect(bareRules.kubelet_api).toMatchObject({
      source_address_prefixes: '${concat(var.master_address_prefixes, var.worker_address_prefixes)}',
    });
  });

  it(`fits ${AZURE_MAX_RULES} rules a direction and refuses more, by name`, () => {
    const inbound = full.flows.find((candidate) => candidate.key === 'worker-master-kubernetes-api') as ResolvedFlow;
    const outbound = full.flows.find((candidate) => candidate.key === 'kcp-cloud-api') as ResolvedFlow;
    const many = (template: ResolvedFlow, count: number): ResolvedFlow[] =>
      Array.from({ length: count }, (_, index) => ({
        ...template,
        key: `${template.key}-${index}`,
        fromPort: index + 1,
        toPort: index + 1,
      }));
    // The profile narrows the cloud API to one IPv4 range: one Outbound rule a flow.
    const flows = (inbounds: number, outbounds: number): RenderInput => ({
      ...full,
      flows: [...many(inbound, inbounds), ...many(outbound, outbounds)],
    });
    const both = flows(AZURE_MAX_RULES, AZURE_MAX_RULES);
    expect(exceededLimit(azure, both)).toBeNull();
    const text = azure.render(both);
    expect(text.match(/priority {21}= 4090\n/g)).toHaveLength(2);
    expect(exceededLimit(azure, flows(AZURE_MAX_RULES + 1, 0))?.message).toMatch(
      /^401 Azure inbound network security rules do not fit: azure-terraform allows at most 400; priorities 100, 110, … up to 4096 per direction/,
    );
    expect(exceededLimit(azure, flows(0, AZURE_MAX_RULES + 1))?.message).toMatch(
      /^401 Azure outbound network security rules do not fit/,
    );
    expect(() => azure.render(flows(AZURE_MAX_RULES + 1, 0))).toThrow(/401 Azure inbound network security rules/);
  });

  it('counts a flow to IPv4 and IPv6 networks as two rules against the limit', () => {
    const internet = bare.flows.find((candidate) => candidate.key === 'node-internet-https') as ResolvedFlow;
    const input: RenderInput = {
      ...bare,
      flows: Array.from({ length: AZURE_MAX_RULES / 2 + 1 }, (_, index) => ({ ...internet, key: `https-${index}` })),
    };
    expect(exceededLimit(azure, input)?.message).toMatch(/^402 Azure outbound network security rules do not fit/);
  });
});

describe('gcp-terraform', () => {
  it('names every firewall validly and uniquely', async () => {
    for (const input of [full, bare, change]) {
      const rules = resources(await terraformJson(gcp.render(input)), 'google_compute_firewall');
      for (const [label, rule] of rules) {
        expect(rule.name).toBe(label);
        expect(label).toMatch(GCP_NAME);
        expect(label.length).toBeLessThanOrEqual(GCP_NAME_MAX);
      }
    }
  });

  it('cuts a long name to 63 characters with a hash of the whole', () => {
    const long = gcpFirewallName(`prod-${'a'.repeat(100)}`);
    expect(long).toMatch(GCP_NAME);
    expect(long).toHaveLength(GCP_NAME_MAX);
    expect(gcpFirewallName(`prod-${'a'.repeat(101)}`)).not.toBe(long);
    expect(gcpFirewallName('9-Lives!')).toBe('fw-9-lives');
    expect(gcpFirewallName('---')).toBe('fw');
  });

  it('targets tags, lets in tags and ranges, and allows IP-in-IP as protocol "4"', async () => {
    const rules = Object.fromEntries(resources(await terraformJson(gcp.render(full)), 'google_compute_firewall'));
    expect(rules['prod-eu-1-calico-ipip']).toMatchObject({
      direction: 'INGRESS',
      network: '${var.network}',
      target_tags: ['kublr-master', 'kublr-worker'],
      source_tags: ['kublr-master', 'kublr-worker'],
      allow: [{ protocol: '4' }],
    });
    expect(rules['prod-eu-1-ingress-lb-worker-node-ports-tcp']).toMatchObject({
      allow: [{ protocol: 'tcp', ports: ['30000-32767'] }],
      source_ranges: ['10.0.0.20/32'],
    });
    expect(rules['prod-eu-1-node-internet-https']).toMatchObject({
      direction: 'EGRESS',
      target_tags: ['kublr-master', 'kublr-worker'],
      destination_ranges: ['0.0.0.0/0'],
    });
  });

  it('declares placeholder variables when the profile gives no tags or ranges', async () => {
    const json = await terraformJson(gcp.render(bare));
    expect(Object.keys(json.variable ?? {})).toEqual(
      expect.arrayContaining(['network', 'master_target_tags', 'master_cidrs', 'worker_target_tags', 'kcp_cidrs']),
    );
    const rules = Object.fromEntries(resources(json, 'google_compute_firewall'));
    expect(rules['kubelet-api']).toMatchObject({
      target_tags: '${concat(var.master_target_tags, var.worker_target_tags)}',
      source_ranges: '${concat(var.master_cidrs, var.worker_cidrs)}',
    });
  });
});

/** The Kublr catalog under a profile with the cluster's addresses and the given ones for the outside roles. */
function kublrWithOutside(
  outside: Record<string, RoleAddresses>,
  overrides: Record<string, unknown> = {},
): RenderInput {
  const cluster = Object.fromEntries(
    Object.entries(FULL_ADDRESSES).filter(([role]) => !['internet', 'intranet', 'cloud-api'].includes(role)),
  );
  return renderInputFor(
    kublrCatalog(),
    { cni: 'calico', masterLoadBalancer: true, ingressLoadBalancer: true, ...overrides },
    { profile: 'prod-eu-1', addresses: { ...cluster, ...outside } },
  );
}

/** One allowed packet shape of a rendering, whatever the platform calls its fields. */
interface CloudRule {
  readonly direction: 'ingress' | 'egress';
  /** Where the rule is attached: security group ids, network tags or address prefixes. */
  readonly own: readonly string[];
  /** The other side: address ranges or security groups. */
  readonly peer: readonly string[];
  readonly protocol: string;
  readonly ports: string;
  /** The resource's name or label, which starts with (a form of) the flow key. */
  readonly name: string;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value)]);

async function awsRules(input: RenderInput): Promise<CloudRule[]> {
  const json = await terraformJson(aws.render(input));
  return (['ingress', 'egress'] as const).flatMap((direction) =>
    resources(json, `aws_vpc_security_group_${direction}_rule`).map(([name, rule]) => ({
      direction,
      own: [String(rule.security_group_id)],
      peer: [String(rule.cidr_ipv4 ?? rule.cidr_ipv6 ?? rule.referenced_security_group_id)],
      protocol: String(rule.ip_protocol),
      ports: `${rule.from_port}-${rule.to_port}`,
      name,
    })),
  );
}

function cloudFormationRules(input: RenderInput): CloudRule[] {
  return Object.entries(cloudFormationTemplate(cloudFormation.render(input)).Resources).flatMap(([name, rule]) => {
    const p = rule.Properties;
    if (p === undefined) return [];
    const peer = p.CidrIp ?? p.CidrIpv6 ?? p.SourceSecurityGroupId ?? p.DestinationSecurityGroupId;
    return [
      {
        direction: rule.Type === 'AWS::EC2::SecurityGroupIngress' ? ('ingress' as const) : ('egress' as const),
        own: [JSON.stringify(p.GroupId).replace(/^"|"$/g, '')],
        peer: [JSON.stringify(peer).replace(/^"|"$/g, '')],
        protocol: String(p.IpProtocol),
        ports: `${p.FromPort}-${p.ToPort}`,
        name,
      },
    ];
  });
}

async function gcpRules(input: RenderInput): Promise<CloudRule[]> {
  return resources(await terraformJson(gcp.render(input)), 'google_compute_firewall').map(([name, rule]) => {
    const [allow] = rule.allow as Body[];
    const ports = list(allow.ports ?? 'undefined')[0];
    return {
      direction: rule.direction === 'INGRESS' ? ('ingress' as const) : ('egress' as const),
      own: list(rule.target_tags),
      peer:
        rule.direction === 'INGRESS'
          ? [...list(rule.source_ranges ?? []), ...list(rule.source_tags ?? [])]
          : list(rule.destination_ranges),
      protocol: String(allow.protocol),
      ports: ports.includes('-') || ports === 'undefined' ? ports : `${ports}-${ports}`,
      name,
    };
  });
}

async function azureRules(input: RenderInput): Promise<CloudRule[]> {
  return resources(await terraformJson(azure.render(input)), 'azurerm_network_security_rule').map(([name, rule]) => {
    const inbound = rule.direction === 'Inbound';
    const port = String(rule.destination_port_range);
    return {
      direction: inbound ? ('ingress' as const) : ('egress' as const),
      own: list(inbound ? rule.destination_address_prefixes : rule.source_address_prefixes),
      peer: list(inbound ? rule.source_address_prefixes : rule.destination_address_prefixes),
      protocol: String(rule.protocol).toLowerCase(),
      ports: port.includes('-') ? port : `${port}-${port}`,
      name,
    };
  });
}

const PLATFORMS = [
  { name: 'aws-terraform', rules: awsRules, nodes: [['sg-0master0000000001'], ['sg-0worker0000000001']] },
  {
    name: 'aws-cloudformation',
    rules: cloudFormationRules,
    nodes: [['sg-0master0000000001'], ['sg-0worker0000000001']],
  },
  { name: 'gcp-terraform', rules: gcpRules, nodes: [['kublr-master', 'kublr-worker']] },
  { name: 'azure-terraform', rules: azureRules, nodes: [['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']] },
] as const;

/**
 * The Internet's networks a platform writes rules to for IPv4-only nodes: all of them, but on
 * Azure, whose rules name both ends by prefix, an IPv6 rule needs IPv6 prefixes of the nodes.
 */
const internetFor = (platform: string): string[] =>
  platform === 'azure-terraform' ? ['0.0.0.0/0'] : ['0.0.0.0/0', '::/0'];

/** The rules that let the nodes out to `networks` for DNS (tcp and udp 53) and HTTPS (443), one set per node group. */
function expectNodesOut(
  rules: readonly CloudRule[],
  nodes: readonly (readonly string[])[],
  networks: readonly string[],
) {
  for (const own of nodes) {
    for (const [protocol, ports] of [
      ['tcp', '53-53'],
      ['udp', '53-53'],
      ['tcp', '443-443'],
    ]) {
      for (const network of networks) {
        const found = rules.filter(
          (rule) =>
            rule.direction === 'egress' &&
            rule.protocol === protocol &&
            rule.ports === ports &&
            rule.peer.includes(network) &&
            own.every((item) => rule.own.includes(item)),
        );
        expect(found, `${own.join(',')} out to ${network} ${protocol} ${ports}`).not.toHaveLength(0);
        // GCP and Azure refuse a rule mixing IPv4 and IPv6 ranges.
        for (const rule of found) expect(new Set(rule.peer.map((peer) => peer.includes(':'))).size).toBe(1);
      }
    }
  }
}

const OUTSIDE_FLOWS = /^(node[-_]internet|node[-_]intranet|kcp[-_]cloud[-_]api|NodeInternet|NodeIntranet|KcpCloudApi)/i;
const OUTSIDE_VARIABLES = /internet|intranet|cloud.?api/i;

describe.each(PLATFORMS)('$name: flows to outside roles', ({ name, rules, nodes }) => {
  const variablesOf = async (input: RenderInput): Promise<string[]> =>
    name === 'aws-cloudformation'
      ? Object.keys(cloudFormationTemplate(cloudFormation.render(input)).Parameters ?? {})
      : Object.keys(
          (await terraformJson(TERRAFORM_RENDERERS.find((r) => r.format === name)!.render(input))).variable ?? {},
        );

  it('are egress rules from the nodes to 0.0.0.0/0 and ::/0 when the profile gives the outside no addresses', async () => {
    for (const input of [kublrWithOutside({}), bare]) {
      const rendered = await rules(input);
      expect(rendered.filter((rule) => rule.direction === 'ingress' && OUTSIDE_FLOWS.test(rule.name))).toEqual([]);
      expect((await variablesOf(input)).filter((variable) => OUTSIDE_VARIABLES.test(variable))).toEqual([]);
      if (input !== bare) expectNodesOut(rendered, nodes, internetFor(name));
      // The cloud API is reached from the KCP nodes, over HTTPS, on the same side.
      const cloudApi = rendered.filter((rule) => /cloud[-_]?api/i.test(rule.name));
      expect(cloudApi.length).toBeGreaterThan(0);
      for (const rule of cloudApi)
        expect(rule).toMatchObject({ direction: 'egress', protocol: 'tcp', ports: '443-443' });
      if (input === bare) {
        // Nothing of the nodes is known: IPv6 rules too (on Azure, over the IPv6 prefixes of the variables).
        expect(cloudApi.flatMap((rule) => rule.peer).filter((peer) => peer === '::/0')).not.toHaveLength(0);
      }
    }
  });

  it('go to the networks the profile narrows the Internet to, and nowhere else', async () => {
    const input = kublrWithOutside({ internet: { cidrs: ['198.51.100.0/24'], securityGroupIds: [], tags: [] } });
    const rendered = await rules(input);
    expectNodesOut(rendered, nodes, ['198.51.100.0/24']);
    const internet = rendered.filter((rule) => /internet/i.test(rule.name));
    expect(internet.length).toBeGreaterThan(0);
    for (const rule of internet) expect(rule).toMatchObject({ direction: 'egress', peer: ['198.51.100.0/24'] });
    expect(rendered.filter((rule) => rule.direction === 'ingress' && OUTSIDE_FLOWS.test(rule.name))).toEqual([]);
    expect((await variablesOf(input)).filter((variable) => OUTSIDE_VARIABLES.test(variable))).toEqual([]);
  });

  it('ask for the networks of an intranet the profile does not describe, never for its group or tags', async () => {
    const input = kublrWithOutside({}, { airGap: true });
    if (name === 'aws-cloudformation') {
      // CloudFormation checks the parameter against its pattern before it creates anything.
      const pattern = cloudFormationTemplate(cloudFormation.render(input)).Parameters?.IntranetCidr?.AllowedPattern;
      const accepts = (value: string) => new RegExp(pattern ?? '(?!)').test(value);
      expect(['10.0.0.0/8', '172.16.0.0/12', '192.168.1.7/32', '0.0.0.0/0'].every(accepts)).toBe(true);
      expect(['10.0.0.0', '256.0.0.0/8', '10.0.0.0/33', '2001:db8::/32', 'sg-0123'].some(accepts)).toBe(false);
    }
    const rendered = await rules(input);
    expect(rendered.filter((rule) => /intranet/i.test(rule.name)).length).toBeGreaterThan(0);
    expect(rendered.filter((rule) => rule.direction === 'ingress' && OUTSIDE_FLOWS.test(rule.name))).toEqual([]);
    const variables = (await variablesOf(input)).filter((variable) => OUTSIDE_VARIABLES.test(variable));
    expect(variables).toEqual([
      {
        'aws-terraform': 'intranet_cidrs',
        'aws-cloudformation': 'IntranetCidr',
        'gcp-terraform': 'intranet_cidrs',
        'azure-terraform': 'intranet_address_prefixes',
      }[name],
    ]);
  });

  it('keep a flow from the outside an ingress rule on the hosts, from the outside networks', async () => {
    const input = kublrWithOutside({});
    const https = input.flows.find((flow) => flow.key === 'worker-master-kubernetes-api') as ResolvedFlow;
    const inbound: ResolvedFlow = { ...https, key: 'public-api', source: 'internet', destination: 'master' };
    const rendered = await rules({ ...input, flows: [inbound] });
    expect(rendered.length).toBeGreaterThan(0);
    for (const rule of rendered) expect(rule.direction).toBe('ingress');
    expect(rendered.flatMap((rule) => rule.peer).sort()).toEqual(internetFor(name));
    expect(rendered.flatMap((rule) => rule.own)).toContain(
      {
        'aws-terraform': 'sg-0master0000000001',
        'aws-cloudformation': 'sg-0master0000000001',
        'gcp-terraform': 'kublr-master',
        'azure-terraform': '10.0.1.0/24',
      }[name],
    );
  });

  it('leave out a flow between two outside roles, saying why', async () => {
    const input = kublrWithOutside({});
    const https = input.flows.find((flow) => flow.key === 'node-internet-https') as ResolvedFlow;
    const between: ResolvedFlow = { ...https, key: 'mirror', source: 'intranet', destination: 'internet' };
    expect(await rules({ ...input, flows: [between] })).toEqual([]);
    const renderer =
      name === 'aws-cloudformation' ? cloudFormation : TERRAFORM_RENDERERS.find((r) => r.format === name)!;
    expect(renderer.render({ ...input, flows: [between] })).toContain('both of its roles are outside (external)');
  });
});

/**
 * What Terraform itself makes of the Azure rules' expressions: each rule's count and prefixes,
 * evaluated by `terraform apply` on outputs (no provider needed) for the given variables.
 */
async function azureAsTerraformEvaluates(
  input: RenderInput,
  values: Record<string, unknown>,
): Promise<Record<string, { count: number; source: string[]; destination: string[] }>> {
  const json = await terraformJson(azure.render(input));
  const unwrap = (value: unknown) => String(value).replace(/^\$\{([\s\S]*)\}$/, '$1');
  const variable = Object.fromEntries(
    Object.entries(json.variable ?? {}).map(([name, [body]]) => [name, { type: unwrap(body.type) }]),
  );
  const output: Record<string, { value: unknown }> = {};
  for (const [label, rule] of resources(json, 'azurerm_network_security_rule')) {
    output[`${label}__count`] = { value: rule.count ?? 1 };
    output[`${label}__source`] = { value: rule.source_address_prefixes };
    output[`${label}__destination`] = { value: rule.destination_address_prefixes };
  }
  const directory = mkdtempSync(join(tmpdir(), 'azure-rules-'));
  try {
    writeFileSync(join(directory, 'main.tf.json'), JSON.stringify({ variable, output }));
    writeFileSync(join(directory, 'terraform.tfvars.json'), JSON.stringify(values));
    const run = (...args: string[]) => {
      const result = spawnSync('terraform', [...args, '-no-color'], { cwd: directory, encoding: 'utf8' });
      expect(result.status, `terraform ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
      return result.stdout;
    };
    run('apply', '-auto-approve', '-input=false');
    const outputs = JSON.parse(run('output', '-json')) as Record<string, { value: unknown }>;
    const rules: Record<string, { count: number; source: string[]; destination: string[] }> = {};
    for (const [name, { value }] of Object.entries(outputs)) {
      const [label, field] = name.split('__');
      rules[label] = { ...rules[label], [field]: value };
    }
    return rules;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe.skipIf(terraform.status !== 0)('azure-terraform, as terraform evaluates it', () => {
  const common = { resource_group_name: 'rg', network_security_group_name: 'nsg' };

  it('creates no IPv6 rule for IPv4-only hosts, and keeps each rule to one address family', async () => {
    const rules = await azureAsTerraformEvaluates(bare, {
      ...common,
      master_address_prefixes: ['10.0.1.0/24'],
      worker_address_prefixes: ['10.0.2.0/24'],
      kcp_address_prefixes: ['192.168.10.0/24'],
    });
    expect(rules.node_internet_https).toEqual({
      count: 1,
      source: ['10.0.1.0/24', '10.0.2.0/24'],
      destination: ['0.0.0.0/0'],
    });
    expect(rules.node_internet_https_ipv6.count).toBe(0);
    expect(rules.kcp_cloud_api_ipv6.count).toBe(0);
    for (const rule of Object.values(rules)) {
      if (rule.count === 0) continue;
      const families = new Set([...rule.source, ...rule.destination].map((prefix) => prefix.includes(':')));
      expect(families.size).toBe(1);
    }
  });

  it('creates the IPv6 rule, over the IPv6 prefixes only, for dual-stack hosts', async () => {
    const rules = await azureAsTerraformEvaluates(bare, {
      ...common,
      master_address_prefixes: ['10.0.1.0/24', '2001:db8:1::/64'],
      worker_address_prefixes: ['10.0.2.0/24', '2001:db8:2::/64'],
      kcp_address_prefixes: ['192.168.10.0/24'],
    });
    expect(rules.node_internet_https_ipv6).toEqual({
      count: 1,
      source: ['2001:db8:1::/64', '2001:db8:2::/64'],
      destination: ['::/0'],
    });
    expect(rules.node_internet_https.source).toEqual(['10.0.1.0/24', '10.0.2.0/24']);
    expect(rules.kcp_cloud_api_ipv6.count).toBe(0);
  });
});

const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
if (cfnLint.status !== 0) {
  console.log('skipped: cfn-lint on the CloudFormation templates (no cfn-lint on PATH); the schema check still runs');
}

/** The same input with security group ids of the form AWS gives them (sg- and 17 hex digits). */
function withRealGroupIds(input: RenderInput): RenderInput {
  const ids = new Map<string, string>();
  const real = (id: string) => {
    if (!ids.has(id)) ids.set(id, `sg-${(ids.size + 1).toString(16).padStart(17, '0')}`);
    return ids.get(id) as string;
  };
  return {
    ...input,
    addresses: Object.fromEntries(
      Object.entries(input.addresses).map(([role, set]) => [
        role,
        { ...set, securityGroupIds: set.securityGroupIds.map(real) },
      ]),
    ),
  };
}

describe.skipIf(cfnLint.status !== 0)('aws-cloudformation, as cfn-lint reads it', () => {
  it('passes cfn-lint for every fixture and every way of giving the outside roles', () => {
    const inputs = [
      full,
      bare,
      change,
      kublrWithOutside({}),
      kublrWithOutside({}, { airGap: true }),
      kublrWithOutside({ internet: { cidrs: ['198.51.100.0/24'], securityGroupIds: [], tags: [] } }),
    ];
    const directory = mkdtempSync(join(tmpdir(), 'cloudformation-'));
    try {
      const files = inputs.map((input, index) => {
        const file = join(directory, `template-${index}.yaml`);
        writeFileSync(file, cloudFormation.render(withRealGroupIds(input)));
        return file;
      });
      const result = spawnSync('cfn-lint', ['--', ...files], { encoding: 'utf8' });
      expect(result.status, `cfn-lint: ${result.stdout}${result.stderr}`).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('HCL strings', () => {
  it('escape quotes, backslashes, line breaks, interpolations and directives', () => {
    expect(hclString('a "b" \\ ${c} %{d}\n\t\u0001')).toBe('"a \\"b\\" \\\\ $${c} %%{d}\\n\\t\\u0001"');
    expect(hclString('lone \ud800 surrogate')).toBe('"lone \ufffd surrogate"');
    expect(hclIdentifier('9-lives.x')).toBe('_9_lives_x');
  });

  it('read back as the text they were written from, whatever the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText, { minLength: 1, maxLength: 20 }), async (texts) => {
        const json = (await parseHcl('x.tf', texts.map((text, i) => `a${i} = ${hclString(text)}\n`).join(''))) as Body;
        texts.forEach((text, i) => expect(literal(json[`a${i}`])).toBe(text.normalize('NFC')));
      }),
      { numRuns: 100 },
    );
  });
});

/** Text meant to break out of a string or a comment: quotes, templates, line breaks, backslashes. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '"',
        "'",
        '\\',
        '${',
        '%{',
        '}',
        '$${',
        '%%{',
        '$',
        '%',
        '\n',
        '\r\n',
        '\r',
        '\t',
        '\u0000',
        '\u2028',
      ),
      fc.constantFrom('*/', '/*', '#', '//', '<<EOF', 'EOF', ': ', '- ', '&a', '*a', '!Ref', '’', 'é', '😀', ' '),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

/** Any flow set over a few roles with hostile keys, names, notes and addresses. */
const hostileInput: fc.Arbitrary<RenderInput> = fc
  .record({
    roles: fc.uniqueArray(
      fc.record({ key: fc.oneof(hostileText, fc.constantFrom('master', 'a.b', 'a-b', '9x')), name: hostileText }),
      {
        minLength: 1,
        maxLength: 4,
        selector: (role) => role.key,
      },
    ),
    composite: fc.boolean(),
    addresses: fc.array(
      fc.record({
        cidrs: fc.array(fc.oneof(fc.constantFrom('10.0.0.0/8', '2001:db8::/32'), hostileText), { maxLength: 2 }),
        securityGroupIds: fc.array(fc.oneof(fc.constant('sg-0123456789abcdef0'), hostileText), { maxLength: 2 }),
        tags: fc.array(hostileText, { maxLength: 2 }),
      }),
      { maxLength: 4 },
    ),
    flows: fc.array(
      fc.record({
        key: hostileText,
        source: fc.nat(3),
        destination: fc.nat(3),
        protocol: fc.constantFrom<ResolvedProtocol>('tcp', 'udp', 'ipip'),
        fromPort: fc.integer({ min: 1, max: 65535 }),
        width: fc.integer({ min: 0, max: 100 }),
        component: hostileText,
        notes: hostileText,
      }),
      { minLength: 1, maxLength: 6 },
    ),
    removed: fc.nat(2),
  })
  .map(({ roles, composite, addresses, flows, removed }): RenderInput => {
    const role = (index: number) => roles[index % roles.length].key;
    const resolved = flows.map((flow): ResolvedFlow => {
      const ports = flow.protocol === 'ipip' ? null : flow.fromPort;
      return {
        key: flow.key,
        source: role(flow.source),
        destination: role(flow.destination),
        protocol: flow.protocol,
        ipProtocolNumber: IP_PROTOCOL_NUMBERS[flow.protocol],
        fromPort: ports,
        toPort: ports === null ? null : Math.min(65535, ports + flow.width),
        component: flow.component,
        notes: flow.notes,
        sections: [],
        rows: [flow.key],
      };
    });
    const split = Math.max(1, resolved.length - removed);
    return {
      catalog: { version: '1.0.0', title: 'Hostile "catalog" ${x}' },
      profile: removed === 1 ? null : 'p "${x}"\n',
      parameters: {},
      roles: roles.map(({ key, name }, index) => ({
        key,
        name,
        members: composite && index === 0 ? roles.map((r) => r.key) : [key],
        ...HOST,
      })),
      addresses: Object.fromEntries(addresses.map((set, index): [string, RoleAddresses] => [role(index), set])),
      flows: resolved.slice(0, split),
      removed: resolved.slice(split),
      since: removed > 0 ? '0.9 "old"\n${x}' : null,
      firewall: ALLOW_EVERY_HOST,
    };
  });

describe('hostile catalogs and profiles', () => {
  it('still render Terraform that parses, with descriptions that read back exactly', async () => {
    await fc.assert(
      fc.asyncProperty(hostileInput, async (input) => {
        const rendered = new Set(input.flows.filter((flow) => flow.protocol !== 'ipip'));
        const roleNames = input.roles.map((role) => role.name.normalize('NFC'));

        const awsJson = await terraformJson(aws.render(input));
        const awsRules = [
          ...resources(awsJson, 'aws_vpc_security_group_ingress_rule'),
          ...resources(awsJson, 'aws_vpc_security_group_egress_rule'),
        ];
        expect(new Set(awsRules.map(([, rule]) => descriptionOf(rule)))).toEqual(
          new Set(input.flows.map(awsDescription)),
        );

        const azureRules = resources(await terraformJson(azure.render(input)), 'azurerm_network_security_rule');
        // A flow whose ranges are IPv4 and IPv6 is one rule per family on Azure and GCP.
        expect(new Set(azureRules.map(([, rule]) => descriptionOf(rule)))).toEqual(
          new Set([...rendered].filter((flow) => azureRulesOf(input, flow).length > 0).map(azureDescription)),
        );
        for (const [, rule] of azureRules)
          expect(rule.name).toMatch(/^[A-Za-z0-9_]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/);
        const azureNames = azureRules.map(([, rule]) => String(rule.name).toLowerCase());
        expect(new Set(azureNames).size).toBe(azureNames.length);

        const gcpJson = await terraformJson(gcp.render(input));
        const gcpRules = resources(gcpJson, 'google_compute_firewall');
        expect(new Set(gcpRules.map(([, rule]) => descriptionOf(rule)))).toEqual(
          new Set(input.flows.map(gcpDescription)),
        );
        for (const [label, rule] of gcpRules) {
          expect(label).toMatch(GCP_NAME);
          expect(label.length).toBeLessThanOrEqual(GCP_NAME_MAX);
          expect(rule.name).toBe(label);
        }

        // Role names reach the variables' descriptions unchanged.
        for (const json of [awsJson, gcpJson]) {
          for (const [, [variable]] of Object.entries(json.variable ?? {})) {
            const description = literal(variable.description);
            if (description.includes(': the profile gives none.')) {
              expect(roleNames.some((name) => description.includes(name))).toBe(true);
            }
          }
        }

        const template = cloudFormationTemplate(cloudFormation.render(input));
        const descriptions = Object.values(template.Resources).flatMap((rule) => rule.Properties?.Description ?? []);
        expect(new Set(descriptions)).toEqual(new Set(input.flows.map(awsDescription).filter((text) => text !== '')));
      }),
      { numRuns: 60 },
    );
  });
});

describe.skipIf(terraform.status !== 0)('hostile catalogs and profiles, as terraform reads them', () => {
  it('render Terraform that terraform fmt -check accepts', () => {
    for (const input of fc.sample(hostileInput, { numRuns: 12, seed: 42 })) {
      for (const renderer of TERRAFORM_RENDERERS) terraformFmtCheck(renderer.render(input));
    }
  });
});

interface CloudFormationRule {
  Type: string;
  Properties: Record<string, unknown> & { IpProtocol?: string; Description?: string };
}
interface CloudFormationTemplate {
  Parameters?: Record<string, { Type: string; AllowedPattern?: string }>;
  Resources: Record<string, CloudFormationRule>;
}

const text = { type: 'string' } as const;
const groupId = {
  oneOf: [text, { type: 'object', required: ['Ref'], additionalProperties: false, properties: { Ref: text } }],
};
const port = { type: 'integer', minimum: 0, maximum: 65535 };
/** The CloudFormation resources the AWS renderer emits, as the AWS::EC2 resource reference describes them. */
const templateSchema = {
  type: 'object',
  required: ['AWSTemplateFormatVersion', 'Description', 'Resources'],
  additionalProperties: false,
  properties: {
    AWSTemplateFormatVersion: { const: '2010-09-09' },
    Description: { type: 'string', maxLength: 1024 },
    Parameters: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z0-9]{1,255}$' },
      additionalProperties: {
        type: 'object',
        required: ['Type'],
        additionalProperties: false,
        properties: {
          Type: { enum: ['AWS::EC2::SecurityGroup::Id', 'String'] },
          Description: { type: 'string', maxLength: 4000 },
          AllowedPattern: { type: 'string' },
        },
        // A String parameter (an external role's range) always says what it accepts.
        if: { properties: { Type: { const: 'String' } } },
        then: { required: ['AllowedPattern'] },
      },
    },
    Resources: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z0-9]{1,255}$' },
      additionalProperties: {
        oneOf: [
          {
            type: 'object',
            required: ['Type'],
            additionalProperties: false,
            properties: { Type: { const: 'AWS::CloudFormation::WaitConditionHandle' } },
          },
          {
            type: 'object',
            required: ['Type', 'Properties'],
            additionalProperties: false,
            properties: {
              Type: { enum: ['AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress'] },
              Properties: {
                type: 'object',
                required: ['GroupId', 'IpProtocol'],
                additionalProperties: false,
                properties: {
                  GroupId: groupId,
                  Description: {
                    type: 'string',
                    maxLength: 255,
                    pattern: '^[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]*$',
                  },
                  IpProtocol: { enum: ['tcp', 'udp', '4'] },
                  FromPort: port,
                  ToPort: port,
                  CidrIp: groupId,
                  CidrIpv6: text,
                  SourceSecurityGroupId: groupId,
                  DestinationSecurityGroupId: groupId,
                },
                oneOf: ['CidrIp', 'CidrIpv6', 'SourceSecurityGroupId', 'DestinationSecurityGroupId'].map((peer) => ({
                  required: [peer],
                })),
                if: { properties: { IpProtocol: { enum: ['tcp', 'udp'] } } },
                then: { required: ['FromPort', 'ToPort'] },
                else: { not: { anyOf: [{ required: ['FromPort'] }, { required: ['ToPort'] }] } },
              },
            },
          },
        ],
      },
    },
  },
};
const validateTemplate = new Ajv({ allErrors: true }).compile(templateSchema);

/** The template read as YAML 1.2 and 1.1 alike, schema-valid, every Ref naming a parameter. */
function cloudFormationTemplate(output: string): CloudFormationTemplate {
  const template = parseYaml(output) as CloudFormationTemplate;
  expect(parseYaml(output, { version: '1.1' })).toEqual(template);
  expect(validateTemplate(template), JSON.stringify(validateTemplate.errors, null, 2)).toBe(true);
  const parameters = Object.keys(template.Parameters ?? {});
  for (const { Properties } of Object.values(template.Resources)) {
    for (const name of ['GroupId', 'SourceSecurityGroupId', 'DestinationSecurityGroupId', 'CidrIp']) {
      const value = Properties?.[name];
      if (typeof value === 'object' && value !== null) expect(parameters).toContain((value as { Ref: string }).Ref);
    }
  }
  return template;
}
