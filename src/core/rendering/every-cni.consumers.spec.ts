import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { FULL_ADDRESSES, kublrCatalog, renderInputFor } from './fixtures/render-fixtures';
import { createRenderers } from './renderers';
import { calicoPolicySchema } from './renderers/calico-policy.schema';

/**
 * The acceptance check: for each CNI of the Kublr catalog, with every option on
 * and a profile giving CIDRs for every role, every format renders and every output that a
 * real tool consumes is accepted by that tool. The firewall tools run in a network
 * namespace of their own, never on this machine's rules.
 */
const NAMESPACE = `nr-test-${process.pid}-cni`;
const has = (tool: string) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { stdio: 'ignore' }).status === 0;
const firewallTools = ['ip', 'iptables-restore', 'ip6tables-restore', 'nft'].every(has);
const namespaceReady = firewallTools && spawnSync('ip', ['netns', 'add', NAMESPACE]).status === 0;
if (!namespaceReady)
  console.log('skipped: iptables-restore and nft checks need iptables, nftables, iproute2 and root (CI installs them)');
const graphvizCli = has('dot');
if (!graphvizCli)
  console.log('skipped: dot -Tsvg check (apt-get install graphviz); the in-process Graphviz check still runs');
const dir = mkdtempSync(join(tmpdir(), 'nr-cni-'));

afterAll(() => {
  if (namespaceReady) spawnSync('ip', ['netns', 'delete', NAMESPACE]);
  rmSync(dir, { recursive: true, force: true });
});

function consume(args: string[], input?: string): void {
  const run = spawnSync(args[0], args.slice(1), { input, encoding: 'utf8' });
  expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
}

const calicoValid = new Ajv({ allErrors: true, strict: false }).compile(calicoPolicySchema);

describe.each(['canal', 'calico', 'weave', 'flannel'])(
  'every format for cni=%s with addresses for every role',
  async (cni) => {
    const renderers = await createRenderers();
    const input = renderInputFor(
      kublrCatalog(),
      { cni, masterLoadBalancer: true, ingressLoadBalancer: true, byoInfrastructure: true },
      { profile: 'every-role', addresses: FULL_ADDRESSES },
    );
    const render = (format: string) => renderers.get(format)!.render(input);

    it('renders every format', () => {
      for (const renderer of renderers.all()) expect(renderer.render(input).length, renderer.format).toBeGreaterThan(0);
      expect(input.flows.length).toBeGreaterThan(10);
    });

    it.runIf(namespaceReady)('iptables-restore --test and nft -c accept the firewall formats', () => {
      consume(['ip', 'netns', 'exec', NAMESPACE, 'iptables-restore', '--test', '--noflush'], render('iptables'));
      consume(['ip', 'netns', 'exec', NAMESPACE, 'ip6tables-restore', '--test', '--noflush'], render('ip6tables'));
      const nft = join(dir, `${cni}.nft`);
      writeFileSync(nft, render('nftables'));
      consume(['ip', 'netns', 'exec', NAMESPACE, 'nft', '-c', '-f', nft]);
    });

    it('the Terraform formats parse as HCL, CloudFormation and the Kubernetes-style formats as YAML', async () => {
      for (const format of ['aws-terraform', 'azure-terraform', 'gcp-terraform']) {
        const json = (await parseHcl(`${format}.tf`, render(format))) as { resource?: object };
        expect(Object.keys(json.resource ?? {}).length, format).toBeGreaterThan(0);
      }
      expect(parseYaml(render('aws-cloudformation'))).toHaveProperty('Resources');
      const policies = parseAllDocuments(render('calico'), { version: '1.1' }).map((doc) => doc.toJS());
      expect(policies.length).toBeGreaterThan(0);
      for (const policy of policies) expect(calicoValid(policy), JSON.stringify(calicoValid.errors)).toBe(true);
      expect(JSON.parse(render('json')).flows).toHaveLength(input.flows.length);
      expect(JSON.parse(render('jira')).fields.summary).toContain('1.30.0');
    });

    it('the check script passes sh -n, and the diagram is drawn by Graphviz', () => {
      consume(['sh', '-n'], render('check-script'));
      expect(render('svg')).toMatch(/^<\?xml|<svg/);
      if (graphvizCli) consume(['dot', '-Tsvg', '-o', '/dev/null'], render('dot'));
    });
  },
);
