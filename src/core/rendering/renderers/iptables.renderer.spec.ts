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
import { parseNetwork } from '../../network/ip-network';
import { iptablesChains, Ip6tablesRenderer, IptablesRenderer } from './iptables.renderer';

const iptables = new IptablesRenderer();
const ip6tables = new Ip6tablesRenderer();

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

const ruleLines = (text: string) => text.split('\n').filter((line) => /^-[AD] /.test(line));

// ---------------------------------------------------------------------------------------
// What the text says

const asHost = (input: RenderInput, host: string, firewall: Partial<HostFirewall> = {}): RenderInput => ({
  ...input,
  firewall: { ...input.firewall, host, ...firewall },
});

describe('iptables renderer', () => {
  it('writes a flow as input on its destination hosts and output on its source hosts, matching only the peer', () => {
    const input = inputOf([flow({ key: 'api', source: 'worker', destination: 'master' })], {
      master: cidrs('10.0.1.0/24'),
      worker: cidrs('10.0.2.0/24', '10.0.3.0/24'),
    });
    const text = iptables.render(input);
    expect(text).toMatch(
      /^\*filter\n:KUBLR-NR-VERSION - \[0:0\]\n:KUBLR-NR-MASTER-IN - \[0:0\]\n:KUBLR-NR-MASTER-OUT - \[0:0\]\n:KUBLR-NR-WORKER-IN - \[0:0\]\n:KUBLR-NR-WORKER-OUT - \[0:0\]\n:KUBLR-NR-KCP-IN - \[0:0\]\n:KUBLR-NR-KCP-OUT - \[0:0\]\n/m,
    );
    expect(text.trimEnd().endsWith('COMMIT')).toBe(true);
    expect(ruleLines(text)).toEqual([
      '-A KUBLR-NR-VERSION -m comment --comment "kublr-nr catalog 2.0.0" -j RETURN',
      '-A KUBLR-NR-MASTER-IN -s 10.0.2.0/24 -p tcp -m tcp --dport 443 -m comment --comment "api" -j ACCEPT',
      '-A KUBLR-NR-MASTER-IN -s 10.0.3.0/24 -p tcp -m tcp --dport 443 -m comment --comment "api" -j ACCEPT',
      '-A KUBLR-NR-WORKER-OUT -d 10.0.1.0/24 -p tcp -m tcp --dport 443 -m comment --comment "api" -j ACCEPT',
    ]);
    expect(text).toContain(
      '# On master hosts:\n#   iptables -C INPUT -j KUBLR-NR-MASTER-IN 2>/dev/null || iptables -I INPUT 1 -j KUBLR-NR-MASTER-IN',
    );
    expect(text).toContain(
      '#   iptables -C OUTPUT -j KUBLR-NR-WORKER-OUT 2>/dev/null || iptables -I OUTPUT 1 -j KUBLR-NR-WORKER-OUT',
    );
    expect(text).toContain('# ==== worker: output, the flows from it (KUBLR-NR-WORKER-OUT)');
    expect(text).not.toMatch(/^-[AI] (INPUT|OUTPUT)/m);
    expect(text).not.toMatch(/^:(INPUT|OUTPUT)/m);
    expect(text).not.toMatch(/-j (DROP|REJECT)/);
  });

  it('with host, writes only that role: a node flow on both ends, a flow to a balancer or outside only as output', () => {
    const input = renderFixtures().find((fixture) => fixture.name === 'kublr-calico-full-addresses')!.input;
    const master = ruleLines(iptables.render(asHost(input, 'master')));
    expect(master.every((rule) => /^-A KUBLR-NR-(VERSION|MASTER-IN|MASTER-OUT) /.test(rule))).toBe(true);
    const comments = (chain: string) =>
      new Set(
        master.filter((rule) => rule.startsWith(`-A ${chain} `)).map((rule) => /--comment "([^"]*)"/.exec(rule)![1]),
      );
    expect([...comments('KUBLR-NR-MASTER-IN')]).toEqual(
      expect.arrayContaining([
        'kubelet-api',
        'etcd-peer',
        'master-lb-master-kubernetes-api',
        'worker-master-kubernetes-api',
      ]),
    );
    expect([...comments('KUBLR-NR-MASTER-OUT')]).toEqual(
      expect.arrayContaining(['kubelet-api', 'etcd-peer', 'node-internet-https', 'node-internet-dns/udp']),
    );
    // Nobody configures a balancer or the Internet: what goes there is output only.
    expect(comments('KUBLR-NR-MASTER-IN').has('node-internet-https')).toBe(false);
    expect(comments('KUBLR-NR-MASTER-OUT').has('master-lb-master-kubernetes-api')).toBe(false);
    expect(comments('KUBLR-NR-MASTER-OUT').has('worker-master-kubernetes-api')).toBe(false);
    expect(master).toContain(
      '-A KUBLR-NR-MASTER-OUT -d 0.0.0.0/0 -p tcp -m tcp --dport 443 -m comment --comment "node-internet-https" -j ACCEPT',
    );
    const kcp = ruleLines(iptables.render(asHost(input, 'kcp')));
    expect(kcp).toContain(
      '-A KUBLR-NR-KCP-OUT -d 203.0.113.0/24 -p tcp -m tcp --dport 443 -m comment --comment "kcp-cloud-api" -j ACCEPT',
    );
    expect(kcp.some((rule) => rule.startsWith('-A KUBLR-NR-KCP-IN '))).toBe(false);
  });

  it('in enforce mode, accepts loopback, replies, the flows and management, then drops, for input and output', () => {
    const input = asHost(
      inputOf([flow({ key: 'api', source: 'worker', destination: 'master' })], {
        master: cidrs('10.0.1.0/24'),
        worker: cidrs('10.0.2.0/24'),
      }),
      'master',
      {
        mode: 'enforce',
        egress: 'enforce',
        management: { cidrs: ['198.51.100.0/24', '2001:db8::/32'], ports: [22, 2222] },
      },
    );
    const rules = ruleLines(iptables.render(input));
    expect(rules.filter((rule) => rule.startsWith('-A KUBLR-NR-MASTER-INPUT '))).toEqual([
      '-A KUBLR-NR-MASTER-INPUT -i lo -m comment --comment "loopback" -j ACCEPT',
      '-A KUBLR-NR-MASTER-INPUT -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "replies" -j ACCEPT',
      '-A KUBLR-NR-MASTER-INPUT -j KUBLR-NR-MASTER-IN',
      '-A KUBLR-NR-MASTER-INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 22 -m comment --comment "management" -j ACCEPT',
      '-A KUBLR-NR-MASTER-INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 2222 -m comment --comment "management" -j ACCEPT',
      '-A KUBLR-NR-MASTER-INPUT -m comment --comment "kublr-nr enforce: anything else" -j DROP',
    ]);
    expect(rules.filter((rule) => rule.startsWith('-A KUBLR-NR-MASTER-OUTPUT '))).toEqual([
      '-A KUBLR-NR-MASTER-OUTPUT -o lo -m comment --comment "loopback" -j ACCEPT',
      '-A KUBLR-NR-MASTER-OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "replies" -j ACCEPT',
      '-A KUBLR-NR-MASTER-OUTPUT -j KUBLR-NR-MASTER-OUT',
      '-A KUBLR-NR-MASTER-OUTPUT -m comment --comment "kublr-nr enforce: anything else" -j DROP',
    ]);
    const v6 = ruleLines(ip6tables.render(input));
    expect(v6).toContain(
      '-A KUBLR-NR-MASTER-INPUT -s 2001:db8::/32 -p tcp -m tcp --dport 22 -m comment --comment "management" -j ACCEPT',
    );
    expect(v6).toContain(
      '-A KUBLR-NR-MASTER-INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135 -m comment --comment "neighbour discovery" -j ACCEPT',
    );

    const ingressOnly = iptables.render({ ...input, firewall: { ...input.firewall, egress: 'allow' } });
    expect(ingressOnly).not.toContain('KUBLR-NR-MASTER-OUTPUT');
    expect(ingressOnly).toContain(
      '#   iptables -C OUTPUT -j KUBLR-NR-MASTER-OUT 2>/dev/null || iptables -I OUTPUT 1 -j KUBLR-NR-MASTER-OUT',
    );
    expect(ingressOnly).toContain(
      '#   iptables -C INPUT -j KUBLR-NR-MASTER-INPUT 2>/dev/null || iptables -I INPUT 1 -j KUBLR-NR-MASTER-INPUT',
    );
  });

  it('writes IP-in-IP as protocol 4 (never "ipip", which /etc/protocols says is 94) and ranges as A:B', () => {
    const input = inputOf(
      [
        flow({ key: 'tunnel', protocol: 'ipip', source: 'master', destination: 'master' }),
        flow({
          key: 'ports',
          protocol: 'udp',
          fromPort: 30000,
          toPort: 32767,
          source: 'master',
          destination: 'master',
        }),
      ],
      { master: cidrs('10.0.1.0/24') },
    );
    const rules = ruleLines(iptables.render(input));
    expect(rules[1]).toBe('-A KUBLR-NR-MASTER-IN -s 10.0.1.0/24 -p 4 -m comment --comment "tunnel" -j ACCEPT');
    expect(rules[2]).toContain('-p udp -m udp --dport 30000:32767 ');
    expect(rules[3]).toBe('-A KUBLR-NR-MASTER-OUT -d 10.0.1.0/24 -p 4 -m comment --comment "tunnel" -j ACCEPT');
    expect(rules.join('\n')).not.toMatch(/ipip/);
  });

  it('matches roles without CIDRs by ipsets of their members, and says in the header which to create', () => {
    const input = inputOf(
      [flow({ key: 'kubelet', source: 'node', destination: 'node', fromPort: 10250, toPort: 10250 })],
      {
        master: cidrs('10.0.1.0/24'),
        worker: { cidrs: [], securityGroupIds: ['sg-1'], tags: [] },
      },
    );
    const text = iptables.render(asHost(input, 'master'));
    expect(text).toContain('#   ipset create -exist kublr-worker-v4 hash:net family inet');
    expect(text).not.toContain('kublr-master-v4');
    expect(ruleLines(text).slice(1)).toEqual([
      '-A KUBLR-NR-MASTER-IN -s 10.0.1.0/24 -p tcp -m tcp --dport 10250 -m comment --comment "kubelet" -j ACCEPT',
      '-A KUBLR-NR-MASTER-IN -m set --match-set kublr-worker-v4 src -p tcp -m tcp --dport 10250 -m comment --comment "kubelet" -j ACCEPT',
      '-A KUBLR-NR-MASTER-OUT -d 10.0.1.0/24 -p tcp -m tcp --dport 10250 -m comment --comment "kubelet" -j ACCEPT',
      '-A KUBLR-NR-MASTER-OUT -m set --match-set kublr-worker-v4 dst -p tcp -m tcp --dport 10250 -m comment --comment "kubelet" -j ACCEPT',
    ]);
  });

  it('keeps IPv6 networks out of iptables and IPv4 networks out of ip6tables', () => {
    const input = inputOf([flow({ key: 'api', source: 'kcp', destination: 'master' })], {
      master: cidrs('10.0.1.0/24', '2001:db8:1::/48'),
      kcp: cidrs('2001:db8:2::/48'),
    });
    const v4 = iptables.render(input);
    expect(ruleLines(v4).slice(1)).toEqual([
      '-A KUBLR-NR-KCP-OUT -d 10.0.1.0/24 -p tcp -m tcp --dport 443 -m comment --comment "api" -j ACCEPT',
    ]);
    expect(v4).toContain('# skipped: the profile gives kcp no IPv4 networks');
    expect(ruleLines(ip6tables.render(input)).slice(1)).toEqual([
      '-A KUBLR-NR-MASTER-IN -s 2001:db8:2::/48 -p tcp -m tcp --dport 443 -m comment --comment "api" -j ACCEPT',
      '-A KUBLR-NR-KCP-OUT -d 2001:db8:1::/48 -p tcp -m tcp --dport 443 -m comment --comment "api" -j ACCEPT',
    ]);
  });

  it('names chains of long or unusual role keys within 28 characters, apart from one another', () => {
    const names = ['master', 'control-plane-nodes', 'control.plane.nodes', 'a'.repeat(64)].map((role) =>
      iptablesChains(role),
    );
    for (const chains of names) for (const chain of Object.values(chains)) expect(chain.length).toBeLessThanOrEqual(28);
    expect(new Set(names.map((chains) => chains.in)).size).toBe(names.length);
  });

  it('escapes quotes in comments, cuts them at 255 bytes, and keeps user text on comment lines', () => {
    const key = `a"b\\c${'é'.repeat(200)}`;
    const input = inputOf(
      [flow({ key, component: 'x\nCOMMIT\n*nat\n-A PREROUTING -j DROP', source: 'master' })],
      { master: cidrs('10.0.1.0/24') },
      {
        catalog: { version: '2.0.0', title: 'T\n-A INPUT -j DROP' },
      },
    );
    const text = iptables.render(input);
    const comment = /--comment "((?:[^"\\]|\\.)*)" -j ACCEPT/.exec(text)![1].replace(/\\(.)/g, '$1');
    expect(Buffer.byteLength(comment)).toBeLessThanOrEqual(255);
    expect(comment.startsWith('a"b\\c')).toBe(true);
    for (const line of text.trimEnd().split('\n'))
      expect(line).toMatch(
        /^(#.*|\*filter|:KUBLR-NR-[A-Z]+(-IN|-OUT)? - \[0:0\]|-[AD] KUBLR-NR-[A-Z]+(-IN|-OUT)? .*|COMMIT)$/,
      );
  });

  it('for a change, deletes the removed rules and appends the added ones without declaring the chains', () => {
    const input = inputOf(
      [flow({ key: 'new', source: 'master' })],
      { master: cidrs('10.0.1.0/24') },
      {
        removed: [flow({ key: 'old', source: 'master', fromPort: 80, toPort: 80 })],
        since: '1.0.0',
      },
    );
    const text = iptables.render(asHost(input, 'master'));
    expect(text).not.toMatch(/^:KUBLR-NR/m);
    expect(ruleLines(text)).toEqual([
      '-D KUBLR-NR-VERSION -m comment --comment "kublr-nr catalog 1.0.0 host master" -j RETURN',
      '-D KUBLR-NR-MASTER-IN -s 10.0.1.0/24 -p tcp -m tcp --dport 80 -m comment --comment "old" -j ACCEPT',
      '-D KUBLR-NR-MASTER-OUT -d 10.0.1.0/24 -p tcp -m tcp --dport 80 -m comment --comment "old" -j ACCEPT',
      '-A KUBLR-NR-MASTER-IN -s 10.0.1.0/24 -p tcp -m tcp --dport 443 -m comment --comment "new" -j ACCEPT',
      '-A KUBLR-NR-MASTER-OUT -d 10.0.1.0/24 -p tcp -m tcp --dport 443 -m comment --comment "new" -j ACCEPT',
      '-A KUBLR-NR-VERSION -m comment --comment "kublr-nr catalog 2.0.0 host master" -j RETURN',
    ]);
  });

  it('renders the same text every time', () => {
    for (const { input } of renderFixtures()) expect(iptables.render(input)).toBe(iptables.render(input));
  });

  it('parses networks the way the profile writes them, clearing host bits', () => {
    expect(parseNetwork('10.0.1.5/24')?.text).toBe('10.0.1.0/24');
    expect(parseNetwork('10.0.0.10')).toMatchObject({ text: '10.0.0.10/32', host: '10.0.0.10' });
    expect(parseNetwork('2001:DB8:0:0:1::1/64')?.text).toBe('2001:db8::/64');
    expect(parseNetwork('::ffff:10.0.0.1/128')?.host).toBe('::ffff:a00:1');
    expect(parseNetwork('10.0.0.0/33')).toBeNull();
    expect(parseNetwork('10.0.0.0/8 -j DROP')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------
// The consumer: iptables-restore, in a network namespace of its own

const NAMESPACE = `nr-test-${process.pid}-iptables`;

function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' }).status === 0;
}

function prepareNamespace(): string | null {
  const missing = ['ip', 'iptables-restore', 'ip6tables-restore', 'ipset'].filter((tool) => !commandExists(tool));
  if (missing.length > 0) return `${missing.join(', ')} not installed (apt-get install iptables ipset iproute2)`;
  const created = spawnSync('ip', ['netns', 'add', NAMESPACE], { encoding: 'utf8' });
  if (created.status !== 0) return `cannot create a network namespace: ${created.stderr.trim()}`;
  const probe = spawnSync('ip', ['netns', 'exec', NAMESPACE, 'iptables-restore', '--test', '--noflush'], {
    input: '*filter\nCOMMIT\n',
    encoding: 'utf8',
  });
  if (probe.status !== 0) return `iptables-restore does not run in a namespace: ${probe.stderr.trim()}`;
  return null;
}

const skipReason = prepareNamespace();
const TOOLS = skipReason === null;
if (!TOOLS) console.log(`skipped: iptables-restore checks, ${skipReason}`);

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

function inNamespace(args: string[], input?: string): Run {
  return spawnSync('ip', ['netns', 'exec', NAMESPACE, ...args], { input, encoding: 'utf8' });
}

function ok(run: Run): string {
  expect(run.stderr, run.stderr).toBe('');
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** Empties the namespace's filter tables and ipsets. */
function reset(): void {
  for (const command of ['iptables', 'ip6tables']) {
    ok(inNamespace([command, '-F']));
    ok(inNamespace([command, '-X']));
  }
  ok(inNamespace(['ipset', 'destroy']));
}

/** Runs the header's "ipset create" lines, as the header tells the reader to. */
function createIpsets(text: string): void {
  for (const match of text.matchAll(/^#\s+(ipset create -exist \S+ hash:net family inet6?)$/gm))
    ok(inNamespace(match[1].split(' ')));
}

const restore = (command: 'iptables' | 'ip6tables', text: string, test = false) =>
  inNamespace([`${command}-restore`, ...(test ? ['--test'] : []), '--noflush'], text);

/** Every rule of the filter table, as iptables -S writes it. */
const chainRules = (command: 'iptables' | 'ip6tables') => ok(inNamespace([command, '-S']));

/** The header's hook commands, which must be idempotent. */
const hooks = (text: string) =>
  [
    ...text.matchAll(/^#\s+(\S+ -C (?:INPUT|OUTPUT) -j \S+ 2>\/dev\/null \|\| \S+ -I (?:INPUT|OUTPUT) 1 -j \S+)$/gm),
  ].map((match) => match[1]);

describe('iptables-restore accepts the rendering', () => {
  const fixtures = renderFixtures().filter((fixture) => fixture.input.since === null);

  it.runIf(TOOLS).each(fixtures.map((fixture) => [fixture.name, fixture.input] as const))(
    '%s: --test passes, loading twice gives the same chains, and each hook is added once',
    (_, input) => {
      reset();
      for (const [command, renderer] of [
        ['iptables', iptables],
        ['ip6tables', ip6tables],
      ] as const) {
        const text = renderer.render(input);
        createIpsets(text);
        ok(restore(command, text, true));
        ok(restore(command, text));
        const first = chainRules(command);
        ok(restore(command, text));
        expect(chainRules(command)).toBe(first);
        expect(first.split('\n').filter((line) => line.startsWith('-A KUBLR-NR')).length).toBe(ruleLines(text).length);
        const commands = hooks(text);
        expect(commands.length).toBe(2 * (input.firewall.host === null ? 3 : 1));
        for (const hook of [...commands, ...commands]) ok(inNamespace(['sh', '-c', hook]));
        const hooked = ok(inNamespace([command, '-S'])).match(/^-A (INPUT|OUTPUT) -j KUBLR-NR-\S+$/gm);
        expect(hooked).toHaveLength(commands.length);
        reset();
      }
    },
  );

  it.runIf(TOOLS).each([null, 'worker'])(
    'kublr-upgrade-from-1.29.0, host %s: applied onto the 1.29.0 rules, gives the 1.30.0 rules',
    (host) => {
      const ends = upgradeEnds();
      const view = (input: RenderInput) => (host === null ? input : asHost(input, host));
      const [before, after, change] = [view(ends.before), view(ends.after), view(ends.change)];
      expect(change.since).toBe(before.catalog.version);
      reset();
      ok(restore('iptables', iptables.render(after)));
      const expected = chainRules('iptables').split('\n').sort();
      reset();
      ok(restore('iptables', iptables.render(before)));
      const text = iptables.render(change);
      ok(restore('iptables', text, true));
      ok(restore('iptables', text));
      expect(chainRules('iptables').split('\n').sort()).toEqual(expected);

      // A second load finds no 1.29.0 marker to delete: it fails and changes nothing.
      const again = restore('iptables', text);
      expect(again.status).not.toBe(0);
      expect(chainRules('iptables').split('\n').sort()).toEqual(expected);
    },
  );
});

// ---------------------------------------------------------------------------------------
// Any valid flow set

describe('any valid flow set', () => {
  it.runIf(TOOLS)(
    'renders to input iptables-restore and ip6tables-restore accept, for every host and one enforced',
    () => {
      fc.assert(
        fc.property(renderInputArb, (every) => {
          reset();
          const host = firstHost(every);
          for (const [command, renderer, input] of [
            ['iptables', iptables, every],
            ['ip6tables', ip6tables, every],
            ...(host === undefined
              ? []
              : ([
                  ['iptables', iptables, enforcedAt(every, host)],
                  ['ip6tables', ip6tables, enforcedAt(every, host)],
                ] as const)),
          ] as const) {
            const text = renderer.render(input);
            createIpsets(text);
            const run = restore(command, text, true);
            expect(run.status, `${run.stderr}\n${text}`).toBe(0);
          }
        }),
        { numRuns: 15 },
      );
    },
  );

  it.runIf(TOOLS)('a change applied to the rules of A gives the rules of B', () => {
    fc.assert(
      fc.property(upgradeArb, ({ before, after, change }) => {
        reset();
        createIpsets(iptables.render(after));
        ok(restore('iptables', iptables.render(after)));
        const expected = chainRules('iptables').split('\n').sort();
        reset();
        createIpsets(iptables.render(before));
        createIpsets(iptables.render(change));
        ok(restore('iptables', iptables.render(before)));
        const applied = restore('iptables', iptables.render(change));
        expect(applied.status, `${applied.stderr}\n${iptables.render(change)}`).toBe(0);
        expect(chainRules('iptables').split('\n').sort()).toEqual(expected);
      }),
      { numRuns: 10 },
    );
  });
});
