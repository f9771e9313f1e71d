import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FULL_ADDRESSES,
  kublrCatalog,
  previousKublrCatalog,
  renderFixtures,
  renderInputFor,
} from '../fixtures/render-fixtures';
import type { HostFirewall, RenderInput } from '../render-input';
import {
  cidrs,
  enforcedAt,
  firstHost,
  flow,
  inputOf,
  renderInputArb,
  upgradeArb,
} from '../fixtures/random-render-input';
import { NftablesRenderer } from './nftables.renderer';

const nftables = new NftablesRenderer();

const asHost = (input: RenderInput, host: string, firewall: Partial<HostFirewall> = {}): RenderInput => ({
  ...input,
  firewall: { ...input.firewall, host, ...firewall },
});

// ---------------------------------------------------------------------------------------
// Inputs

function upgradeEnds(): { before: RenderInput; after: RenderInput; change: RenderInput } {
  const params = { cni: 'canal', byoInfrastructure: true };
  const options = { profile: 'prod-eu-1', addresses: FULL_ADDRESSES };
  const before = renderInputFor(previousKublrCatalog(), params, options);
  const after = renderInputFor(kublrCatalog(), params, options);
  const change = renderFixtures().find((fixture) => fixture.name === 'kublr-upgrade-from-1.29.0')!.input;
  return { before, after, change };
}

const ruleLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => /^\t\t(ip|ip6) [sd]addr @/.test(line))
    .map((line) => line.trim());

// ---------------------------------------------------------------------------------------
// What the text says

describe('nftables renderer', () => {
  it('replaces a table of its own, with a set per peer and chains per host role, hooked nowhere', () => {
    const input = inputOf([flow({ key: 'api', source: 'worker', destination: 'master' })], {
      master: cidrs('10.0.1.0/24'),
      worker: cidrs('10.0.2.0/24', '10.0.3.0/24', '2001:db8::/64'),
    });
    const text = nftables.render(input);
    const body = text.split('\n').filter((line) => !line.startsWith('#'));
    expect(body.slice(0, 3)).toEqual(['table inet kublr_nr {}', 'delete table inet kublr_nr', 'table inet kublr_nr {']);
    expect(text).toContain('\tset master_v4 { type ipv4_addr; flags interval; elements = { 10.0.1.0/24 } }');
    expect(text).toContain(
      '\tset worker_v4 { type ipv4_addr; flags interval; elements = { 10.0.2.0/24, 10.0.3.0/24 } }',
    );
    expect(text).toContain('\tset worker_v6 { type ipv6_addr; flags interval; elements = { 2001:db8::/64 } }');
    expect(text).toContain('\tchain host_master_in {\n\t\tjump flow_api_in\n\t}\n\tchain host_master_out {\n\t}');
    expect(text).toContain('\tchain host_worker_in {\n\t}\n\tchain host_worker_out {\n\t\tjump flow_api_out\n\t}');
    expect(text).toContain('\tchain host_kcp_in {\n\t}');
    expect(ruleLines(text)).toEqual([
      'ip saddr @worker_v4 tcp dport 443 accept comment "api"',
      'ip6 saddr @worker_v6 tcp dport 443 accept comment "api"',
      'ip daddr @master_v4 tcp dport 443 accept comment "api"',
    ]);
    expect(body.join('\n')).not.toContain('hook');
    expect(body.join('\n')).not.toMatch(/\b(drop|reject)\b/);
  });

  it('for one host in allow mode, hooks its chains into input and output with policy accept', () => {
    const input = asHost(
      inputOf([flow({ key: 'api', source: 'worker', destination: 'master' })], { master: cidrs('10.0.1.0/24') }),
      'master',
    );
    const text = nftables.render(input);
    expect(text).toContain(
      '\tchain input {\n\t\ttype filter hook input priority 0; policy accept;\n\t\tjump host_master_in\n\t}',
    );
    expect(text).toContain(
      '\tchain output {\n\t\ttype filter hook output priority 0; policy accept;\n\t\tjump host_master_out\n\t}',
    );
    expect(text).not.toContain('host_worker');
    expect(text).toContain('\tchain version_2.0.0_host_master {');
    expect(
      text
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .join('\n'),
    ).not.toMatch(/\b(drop|reject)\b/);
  });

  it('in enforce mode, accepts loopback, replies, neighbour discovery, the flows and management, and drops the rest', () => {
    const input = asHost(
      inputOf([flow({ key: 'api', source: 'worker', destination: 'master' })], { worker: cidrs('10.0.2.0/24') }),
      'master',
      {
        mode: 'enforce',
        egress: 'enforce',
        management: { cidrs: ['198.51.100.0/24', '2001:db8::/32'], ports: [22, 2222] },
      },
    );
    const text = nftables.render(input);
    expect(text).toContain(
      [
        '\tchain input {',
        '\t\ttype filter hook input priority 0; policy drop;',
        '\t\tiif "lo" accept comment "loopback"',
        '\t\tct state established,related accept comment "replies"',
        '\t\ticmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } accept comment "neighbour discovery"',
        '\t\tjump host_master_in',
        '\t\tip saddr 198.51.100.0/24 tcp dport { 22, 2222 } accept comment "management"',
        '\t\tip6 saddr 2001:db8::/32 tcp dport { 22, 2222 } accept comment "management"',
        '\t}',
        '',
        '\tchain output {',
        '\t\ttype filter hook output priority 0; policy drop;',
        '\t\toif "lo" accept comment "loopback"',
      ].join('\n'),
    );
    const ingressOnly = nftables.render({ ...input, firewall: { ...input.firewall, egress: 'allow' } });
    expect(ingressOnly).toContain('\t\ttype filter hook output priority 0; policy accept;\n\t\tjump host_master_out\n');
  });

  it('gives roles without addresses empty placeholder sets, a group role those of its members', () => {
    const input = inputOf([flow({ key: 'kubelet', source: 'node', destination: 'kcp' })], {
      master: cidrs('10.0.1.0/24'),
    });
    const text = nftables.render(input);
    expect(text).toContain(
      '\t# worker: placeholder, no addresses in the profile; fill it to apply the rules\n\tset worker_v4 { type ipv4_addr; flags interval; }',
    );
    expect(text).toContain('\tset kcp_v4 { type ipv4_addr; flags interval; }');
    expect(text).toContain('\tset node_v4 { type ipv4_addr; flags interval; elements = { 10.0.1.0/24 } }');
    expect(ruleLines(text)).toEqual([
      'ip daddr @kcp_v4 tcp dport 443 accept comment "kubelet"',
      'ip saddr @node_v4 tcp dport 443 accept comment "kubelet"',
      'ip saddr @worker_v4 tcp dport 443 accept comment "kubelet"',
    ]);
  });

  it('keeps comments within 128 bytes, without double quotes, and user text on comment lines', () => {
    const input = inputOf(
      [flow({ key: `a"b${'é'.repeat(100)}`, component: 'x\n}\ntable ip evil {', source: 'master' })],
      { master: cidrs('10.0.1.0/24') },
      {
        catalog: { version: '2.0.0', title: 'T\nflush ruleset' },
      },
    );
    const text = nftables.render(input);
    const comment = /comment "([^"]*)"/.exec(text)![1];
    expect(comment.startsWith("a'b")).toBe(true);
    expect(Buffer.byteLength(comment)).toBeLessThanOrEqual(128);
    expect(text).not.toMatch(/^\s*(flush ruleset|table ip evil)/m);
  });

  it("for a change, empties the removed flows' chains and adds the new ones, guarded by the version marker", () => {
    const input = inputOf(
      [flow({ key: 'new', source: 'master' }), flow({ key: 'moved', source: 'master', fromPort: 8443, toPort: 8443 })],
      { master: cidrs('10.0.1.0/24') },
      {
        removed: [flow({ key: 'old', source: 'master' }), flow({ key: 'moved', source: 'master' })],
        since: '1.0.0',
      },
    );
    const commands = nftables
      .render(asHost(input, 'master'))
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(commands).toEqual([
      'delete chain inet kublr_nr version_1.0.0_host_master',
      'add chain inet kublr_nr version_2.0.0_host_master',
      'flush chain inet kublr_nr flow_old_in',
      'flush chain inet kublr_nr flow_moved_in',
      'flush chain inet kublr_nr flow_old_out',
      'flush chain inet kublr_nr flow_moved_out',
      'add set inet kublr_nr master_v4 { type ipv4_addr; flags interval; }',
      'flush set inet kublr_nr master_v4',
      'add element inet kublr_nr master_v4 { 10.0.1.0/24 }',
      'add chain inet kublr_nr flow_new_in',
      'add rule inet kublr_nr flow_new_in ip saddr @master_v4 tcp dport 443 accept comment "new"',
      'add rule inet kublr_nr host_master_in jump flow_new_in',
      'add chain inet kublr_nr flow_moved_in',
      'add rule inet kublr_nr flow_moved_in ip saddr @master_v4 tcp dport 8443 accept comment "moved"',
      'add chain inet kublr_nr flow_new_out',
      'add rule inet kublr_nr flow_new_out ip daddr @master_v4 tcp dport 443 accept comment "new"',
      'add rule inet kublr_nr host_master_out jump flow_new_out',
      'add chain inet kublr_nr flow_moved_out',
      'add rule inet kublr_nr flow_moved_out ip daddr @master_v4 tcp dport 8443 accept comment "moved"',
    ]);
  });

  it('renders the same text every time', () => {
    for (const { input } of renderFixtures()) expect(nftables.render(input)).toBe(nftables.render(input));
  });
});

// ---------------------------------------------------------------------------------------
// The consumer: nft, in a network namespace of its own

const NAMESPACE = `nr-test-${process.pid}-nftables`;

function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' }).status === 0;
}

function prepareNamespace(): string | null {
  const missing = ['ip', 'nft'].filter((tool) => !commandExists(tool));
  if (missing.length > 0) return `${missing.join(', ')} not installed (apt-get install nftables iproute2)`;
  const created = spawnSync('ip', ['netns', 'add', NAMESPACE], { encoding: 'utf8' });
  if (created.status !== 0) return `cannot create a network namespace: ${created.stderr.trim()}`;
  const probe = spawnSync('ip', ['netns', 'exec', NAMESPACE, 'nft', 'list', 'ruleset'], { encoding: 'utf8' });
  if (probe.status !== 0) return `nft does not run in a namespace: ${probe.stderr.trim()}`;
  return null;
}

const skipReason = prepareNamespace();
const TOOLS = skipReason === null;
if (!TOOLS) console.log(`skipped: nft checks, ${skipReason}`);

function removeNamespace(): void {
  spawnSync('ip', ['netns', 'delete', NAMESPACE], { stdio: 'ignore' });
}
afterAll(removeNamespace);
process.once('exit', removeNamespace);

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function nft(args: string[], input?: string): Run {
  return spawnSync('ip', ['netns', 'exec', NAMESPACE, 'nft', ...args], { input, encoding: 'utf8' });
}

function ok(run: Run, context = ''): string {
  expect(run.status, `${run.stderr}\n${context}`).toBe(0);
  return run.stdout;
}

const check = (text: string) => nft(['-c', '-f', '/dev/stdin'], text);
const load = (text: string) => nft(['-f', '/dev/stdin'], text);
const reset = () => ok(nft(['flush', 'ruleset']));

interface TableState {
  /** "chain expr comment" of every rule that is not a jump, sorted. */
  readonly rules: string[];
  readonly sets: Record<string, string>;
  readonly chains: string[];
  readonly jumps: string[];
}

/** What the loaded table does: its rules (wherever jumped to), its sets and chains. */
function tableState(): TableState {
  const listing = JSON.parse(ok(nft(['-j', 'list', 'table', 'inet', 'kublr_nr']))) as {
    nftables: Record<string, Record<string, unknown>>[];
  };
  const state: TableState = { rules: [], sets: {}, chains: [], jumps: [] };
  for (const object of listing.nftables) {
    if (object.set) state.sets[String(object.set.name)] = JSON.stringify(object.set.elem ?? []);
    if (object.chain) state.chains.push(String(object.chain.name));
    if (object.rule) {
      const { chain, expr, comment } = object.rule as {
        chain: string;
        expr: { jump?: { target: string } }[];
        comment?: string;
      };
      const jumps = expr.flatMap((part) => (part.jump ? [`${chain} ${part.jump.target}`] : []));
      if (jumps.length > 0) state.jumps.push(...jumps);
      else state.rules.push(`${chain} ${JSON.stringify(expr)} ${comment ?? ''}`);
    }
  }
  state.rules.sort();
  state.jumps.sort();
  return state;
}

/**
 * The change leaves emptied chains and their jumps behind; what it accepts must be the same:
 * the same rules, reached by the same jumps (and perhaps jumps to emptied chains).
 */
function expectSameEffect(actual: TableState, expected: TableState): void {
  expect(actual.rules).toEqual(expected.rules);
  expect(actual.jumps).toEqual(expect.arrayContaining(expected.jumps));
  for (const [name, elements] of Object.entries(expected.sets)) expect(actual.sets[name], name).toBe(elements);
  expect(actual.chains).toEqual(expect.arrayContaining(expected.chains));
}

describe('nft accepts the rendering', () => {
  const fixtures = renderFixtures().filter((fixture) => fixture.input.since === null);

  it.runIf(TOOLS).each(fixtures.map((fixture) => [fixture.name, fixture.input] as const))(
    '%s: nft -c passes, loading twice gives the same table and touches no other',
    (_, input) => {
      reset();
      ok(
        load(
          'table ip other {\n\tchain input {\n\t\ttype filter hook input priority 10; policy accept;\n\t\ttcp dport 22 accept\n\t}\n}\n',
        ),
      );
      const text = nftables.render(input);
      ok(check(text), text);
      ok(load(text), text);
      const first = ok(nft(['list', 'ruleset']));
      ok(load(text), text);
      expect(ok(nft(['list', 'ruleset']))).toBe(first);
      expect(
        ok(nft(['list', 'tables']))
          .trim()
          .split('\n'),
      ).toEqual(['table ip other', 'table inet kublr_nr']);
      expect(first).toContain(
        `chain version_${input.catalog.version}${input.firewall.host === null ? '' : `_host_${input.firewall.host}`} {`,
      );
      expect(first).toContain('tcp dport 22 accept');
    },
  );

  it.runIf(TOOLS).each([null, 'worker'])(
    'kublr-upgrade-from-1.29.0, host %s: applied onto the 1.29.0 table, accepts what the 1.30.0 table does',
    (host) => {
      const ends = upgradeEnds();
      const view = (input: RenderInput) => (host === null ? input : asHost(input, host));
      const [before, after, change] = [view(ends.before), view(ends.after), view(ends.change)];
      expect(change.since).toBe(before.catalog.version);
      reset();
      ok(load(nftables.render(after)));
      const expected = tableState();
      reset();
      ok(load(nftables.render(before)));
      const text = nftables.render(change);
      ok(check(text), text);
      ok(load(text), text);
      const applied = tableState();
      expectSameEffect(applied, expected);

      // A second load finds no 1.29.0 marker to delete: it fails and changes nothing.
      expect(load(text).status).not.toBe(0);
      expect(tableState()).toEqual(applied);
    },
  );
});

// ---------------------------------------------------------------------------------------
// Any valid flow set

describe('any valid flow set', () => {
  it.runIf(TOOLS)('renders to input nft -c accepts, for every host and one enforced', () => {
    fc.assert(
      fc.property(renderInputArb, (input) => {
        const host = firstHost(input);
        for (const variant of [input, ...(host === undefined ? [] : [enforcedAt(input, host)])]) {
          const text = nftables.render(variant);
          ok(check(text), text);
        }
      }),
      { numRuns: 15 },
    );
  });

  it.runIf(TOOLS)('a change applied to the table of A accepts what the table of B does', () => {
    fc.assert(
      fc.property(upgradeArb, ({ before, after, change }) => {
        reset();
        ok(load(nftables.render(after)));
        const expected = tableState();
        reset();
        ok(load(nftables.render(before)));
        const text = nftables.render(change);
        ok(load(text), text);
        expectSameEffect(tableState(), expected);
      }),
      { numRuns: 10 },
    );
  });
});
