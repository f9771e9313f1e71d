import { HOST } from '../fixtures/random-render-input';
import { exceededLimit } from '../renderer';
import { spawnSync } from 'node:child_process';
import { parse as parseHcl } from '@cdktf/hcl2json';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { IP_PROTOCOL_NUMBERS, type ResolvedFlow, type ResolvedProtocol } from '../../flows/resolved-flow';
import { renderFixtures } from '../fixtures/render-fixtures';
import { ALLOW_EVERY_HOST, type RenderInput, type RoleAddresses } from '../render-input';
import type { Renderer } from '../renderer';
import { AwsCloudFormationRenderer } from './aws-cloudformation.renderer';
import { awsDescription, AwsTerraformRenderer } from './aws-terraform.renderer';
import {
  AZURE_LAST_PRIORITY,
  AZURE_MAX_RULES,
  azureDescription,
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
  it('gives every rule a unique priority, increasing from 100 within 100-4096', async () => {
    for (const input of [full, bare, change]) {
      const text = azure.render(input);
      const rules = Object.fromEntries(resources(await terraformJson(text), 'azurerm_network_security_rule'));
      // The parser sorts the labels; the priorities go up in the order of the file.
      const inFileOrder = [...text.matchAll(/^resource "azurerm_network_security_rule" "(\w+)"/gm)].map(
        ([, label]) => rules[label],
      );
      expect(inFileOrder).toHaveLength(Object.keys(rules).length);
      const priorities = inFileOrder.map((rule) => rule.priority as number);
      expect(priorities[0]).toBe(100);
      priorities.slice(1).forEach((priority, index) => expect(priority).toBeGreaterThan(priorities[index]));
      expect(Math.max(...priorities)).toBeLessThanOrEqual(AZURE_LAST_PRIORITY);
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

  it(`fits ${AZURE_MAX_RULES} rules and refuses more, by name`, () => {
    const flow = full.flows.find((candidate) => candidate.protocol === 'tcp') as ResolvedFlow;
    const many = (count: number): RenderInput => ({
      ...full,
      flows: Array.from({ length: count }, (_, index) => ({
        ...flow,
        key: `flow-${index}`,
        fromPort: index + 1,
        toPort: index + 1,
      })),
    });
    expect(azure.render(many(AZURE_MAX_RULES))).toContain('priority                     = 4090\n');
    expect(exceededLimit(azure, many(AZURE_MAX_RULES))).toBeNull();
    expect(exceededLimit(azure, many(AZURE_MAX_RULES + 1))?.message).toMatch(
      /^401 Azure network security rules do not fit: azure-terraform allows at most 400; priorities 100, 110, … up to 4096/,
    );
    expect(() => azure.render(many(AZURE_MAX_RULES + 1))).toThrow(/401 Azure network security rules do not fit/);
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
        expect(azureRules.map(([, rule]) => descriptionOf(rule)).sort()).toEqual(
          [...rendered].map(azureDescription).sort(),
        );
        for (const [, rule] of azureRules)
          expect(rule.name).toMatch(/^[A-Za-z0-9_]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/);
        const azureNames = azureRules.map(([, rule]) => String(rule.name).toLowerCase());
        expect(new Set(azureNames).size).toBe(azureNames.length);

        const gcpJson = await terraformJson(gcp.render(input));
        const gcpRules = resources(gcpJson, 'google_compute_firewall');
        expect(gcpRules.map(([, rule]) => descriptionOf(rule)).sort()).toEqual(input.flows.map(gcpDescription).sort());
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
  Parameters?: Record<string, { Type: string }>;
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
          Type: { const: 'AWS::EC2::SecurityGroup::Id' },
          Description: { type: 'string', maxLength: 4000 },
        },
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
                  CidrIp: text,
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
    for (const name of ['GroupId', 'SourceSecurityGroupId', 'DestinationSecurityGroupId']) {
      const value = Properties?.[name];
      if (typeof value === 'object' && value !== null) expect(parameters).toContain((value as { Ref: string }).Ref);
    }
  }
  return template;
}
