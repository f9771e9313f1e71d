import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * A small network of Linux network namespaces for tests that load host firewalls and send
 * real packets: one namespace per host, each with an `eth0` joined to a bridge that lives
 * in a hub namespace of its own (nothing is added to the machine's own namespace). All
 * hosts share one /16, so any address of it reaches any other without a router; roles are
 * told apart by their /24s. Needs root, iproute2, and /usr/bin/python3 for the listeners
 * and probes (test/support/packet-probe.py).
 *
 * Hosts can have pods (addPods): a namespace of its own behind the host (a veth; the host
 * forwards), and pod networks joined by an IP-in-IP tunnel between the hosts, as Calico's
 * tunl0 joins them. The kernel's `ipip` device needs CONFIG_NET_IPIP, which kernels may lack,
 * so the tunnel is a userspace one (test/support/ipip-tunnel.py): a TUN device and a raw
 * socket of IP protocol 4, which put the same outer packets on the wire and through the
 * hosts' OUTPUT and INPUT chains. Pod traffic itself is forwarded, which host firewalls
 * (INPUT and OUTPUT only) do not filter: only the tunnel's outer packets are.
 */

export const PYTHON = '/usr/bin/python3';
const PROBE_SCRIPT = resolve(__dirname, 'packet-probe.py');
const TUNNEL_SCRIPT = resolve(__dirname, 'ipip-tunnel.py');

export interface LabHostSpec {
  readonly name: string;
  /** IPv4 address on eth0 (prefix /16). */
  readonly address: string;
  /**
   * A second address on eth0, where IP-in-IP probes go. IP-in-IP has no ports, so its
   * conntrack entry is the address pair: were both directions sent between the same two
   * addresses, a host that had sent IP-in-IP to a peer would take the peer's for a reply.
   */
  readonly ipipAddress: string;
}

/** A pod namespace behind a lab host, on the host's pod network, reached by other hosts' pods through the tunnel. */
export interface LabPodSpec {
  readonly name: string;
  /** The lab host it is behind. */
  readonly host: string;
  /** The pod's address; the host takes `gateway` on the same network. */
  readonly address: string;
  readonly gateway: string;
  /** The host's pod network (CIDR), routed to the other pods' hosts through the tunnel. */
  readonly network: string;
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export type ProbeProtocol = 'tcp' | 'udp' | 'ipip';

export interface Probe {
  /** Unique and readable: it names the probe in failures. */
  readonly id: string;
  /** Lab hosts or pods. */
  readonly from: string;
  readonly to: string;
  readonly protocol: ProbeProtocol;
  /** null for IP-in-IP. */
  readonly port: number | null;
}

function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' }).status === 0;
}

/**
 * Why the lab cannot run here, or null when it can: root, the tools, TUN devices, and a
 * namespace that can be created (containers often forbid it).
 */
export function labUnavailableReason(tools: readonly string[]): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces and firewalls need root';
  const missing = ['ip', ...tools].filter((tool) => !(tool.startsWith('/') ? existsSync(tool) : commandExists(tool)));
  if (!existsSync(PYTHON)) missing.push(PYTHON);
  if (missing.length > 0) return `${missing.join(', ')} not installed`;
  if (!existsSync('/dev/net/tun')) return 'no /dev/net/tun: the ipip tunnel between pods needs TUN devices';
  const probe = `nrlab-probe-${process.pid}`;
  const created = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (created.status !== 0) return `cannot create a network namespace: ${created.stderr.trim()}`;
  spawnSync('ip', ['netns', 'delete', probe]);
  return null;
}

export function run(command: string, args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
    // A command that exits without reading its input (a failing one) must not fail the write.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** The run's standard output; throws with its standard error when it failed. */
export function ok(result: Run, what: string): string {
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}): ${result.stderr.trim()}`);
  return result.stdout;
}

export class NetnsLab {
  private readonly listeners: ChildProcess[] = [];
  private readonly pods = new Map<string, LabPodSpec>();
  private files: string | undefined;

  private constructor(
    readonly id: string,
    readonly hosts: ReadonlyMap<string, LabHostSpec>,
  ) {}

  /** Creates the namespaces and the bridge; on any failure removes what it made. */
  static async create(specs: readonly LabHostSpec[]): Promise<NetnsLab> {
    const lab = new NetnsLab(
      `nrl${process.pid.toString(36)}${randomBytes(2).toString('hex')}`,
      new Map(specs.map((spec) => [spec.name, spec])),
    );
    const hub = lab.namespace('hub');
    const script = [
      'set -e',
      `ip netns add ${hub}`,
      `ip -n ${hub} link add br0 type bridge`,
      `ip -n ${hub} link set br0 up`,
      ...specs.flatMap((spec, index) => {
        const ns = lab.namespace(spec.name);
        return [
          `ip netns add ${ns}`,
          `ip -n ${hub} link add p${index} type veth peer name eth0 netns ${ns}`,
          `ip -n ${hub} link set p${index} master br0 up`,
          `ip -n ${ns} link set lo up`,
          `ip -n ${ns} addr add ${spec.address}/16 dev eth0`,
          `ip -n ${ns} addr add ${spec.ipipAddress}/16 dev eth0`,
          `ip -n ${ns} link set eth0 up`,
        ];
      }),
    ];
    try {
      ok(await run('sh', ['-c', script.join('\n')]), 'creating the namespaces');
    } catch (error) {
      lab.destroy();
      throw error;
    }
    return lab;
  }

  /** The namespace's name: unique per run, so parallel runs never share one. */
  namespace(host: string): string {
    return `${this.id}-${host}`;
  }

  private spec(host: string): LabHostSpec {
    const spec = this.hosts.get(host);
    if (spec === undefined) throw new Error(`no lab host ${host}`);
    return spec;
  }

  /** Where a probe to a host or a pod goes. */
  private target(name: string, protocol: ProbeProtocol): string {
    const pod = this.pods.get(name);
    if (pod !== undefined && protocol !== 'ipip') return pod.address;
    return protocol === 'ipip' ? this.spec(name).ipipAddress : this.spec(name).address;
  }

  exec(host: string, args: readonly string[], input?: string): Promise<Run> {
    return run('ip', ['netns', 'exec', this.namespace(host), ...args], input);
  }

  /** Runs a shell script in the host's namespace; throws naming `what` when it fails. */
  async sh(host: string, script: string, what: string): Promise<string> {
    return ok(await this.exec(host, ['sh', '-ec', script]), `${what} on ${host}`);
  }

  /**
   * Starts listeners in every host and pod: TCP (a banner per connection), UDP (an answer per
   * datagram) and IP-in-IP (an answer per packet), until destroy().
   */
  async listen(tcpPorts: readonly number[], udpPorts: readonly number[]): Promise<void> {
    await Promise.all(
      [...this.hosts.keys(), ...this.pods.keys()].map((host) =>
        this.start(host, [PROBE_SCRIPT, 'serve', tcpPorts.join(','), udpPorts.join(',')], 'listeners'),
      ),
    );
  }

  /** Starts a python3 script in a namespace, stopped by destroy(); resolves once it prints "ready". */
  private start(host: string, args: readonly string[], what: string): Promise<void> {
    return new Promise<void>((resolvePromise, reject) => {
      const child = spawn('ip', ['netns', 'exec', this.namespace(host), PYTHON, ...args]);
      this.listeners.push(child);
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (chunk.includes('ready')) resolvePromise();
      });
      child.on('exit', (code) => reject(new Error(`${what} on ${host} exited (${code}): ${stderr}`)));
    });
  }

  /**
   * Adds pods behind their hosts and the IP-in-IP tunnel between those hosts: each host
   * forwards, runs a tunnel daemon on its eth0 address and routes every other pod network to
   * its TUN device `tunl0` (MTU 1480, as an ipip device); each pod routes via its host. One
   * pod per host (one `tunl0` each). Call before listen(), so that the pods listen too.
   */
  async addPods(pods: readonly LabPodSpec[]): Promise<void> {
    for (const pod of pods) this.pods.set(pod.name, pod);
    const others = (pod: LabPodSpec) => pods.filter((other) => other.host !== pod.host);
    await Promise.all(
      pods.map(async (pod, index) => {
        const ns = this.namespace(pod.name);
        const host = this.namespace(pod.host);
        const prefix = pod.network.split('/')[1];
        const script = [
          'set -e',
          `ip netns add ${ns}`,
          `ip -n ${host} link add pod${index} type veth peer name eth0 netns ${ns}`,
          `ip -n ${host} addr add ${pod.gateway}/${prefix} dev pod${index}`,
          `ip -n ${host} link set pod${index} up`,
          `ip netns exec ${host} sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0`,
          `ip -n ${ns} link set lo up`,
          `ip -n ${ns} addr add ${pod.address}/${prefix} dev eth0`,
          `ip -n ${ns} link set eth0 up`,
          `ip -n ${ns} route add default via ${pod.gateway}`,
        ];
        ok(await run('sh', ['-c', script.join('\n')]), `adding pod ${pod.name}`);
        const local = this.spec(pod.host).address;
        const peers = others(pod).map((other) => `${other.network}=${this.spec(other.host).address}`);
        await this.start(pod.host, [TUNNEL_SCRIPT, 'tunl0', local, pod.network, ...peers], 'the ipip tunnel');
        await this.sh(
          pod.host,
          [
            'ip link set tunl0 mtu 1480 up',
            ...others(pod).map((other) => `ip route add ${other.network} dev tunl0`),
          ].join('\n'),
          'routing pod networks to the tunnel',
        );
      }),
    );
  }

  /** Sends every probe (concurrently, one process per source host); true where it was answered. */
  async probe(probes: readonly Probe[]): Promise<Map<string, boolean>> {
    const bySource = new Map<string, Probe[]>();
    for (const probe of probes) bySource.set(probe.from, [...(bySource.get(probe.from) ?? []), probe]);
    const answers = await Promise.all(
      [...bySource].map(async ([host, own]) => {
        const targets = own.map((probe) => ({
          id: probe.id,
          protocol: probe.protocol,
          host: this.target(probe.to, probe.protocol),
          port: probe.port,
        }));
        const output = ok(
          await this.exec(host, [PYTHON, PROBE_SCRIPT, 'probe'], JSON.stringify(targets)),
          `probes from ${host}`,
        );
        return Object.entries(JSON.parse(output) as Record<string, boolean>);
      }),
    );
    return new Map(answers.flat());
  }

  /**
   * Shell lines that empty a host's firewall (no rules, no chains of its own, policies
   * ACCEPT, no nft tables) and its connection tracking table, so that nothing an earlier
   * ruleset let through passes as a reply. Loads start with them.
   */
  static readonly RESET_FIREWALL: readonly string[] = [
    // iptables-nft keeps its tables in nftables, where one flush empties both.
    'if ! iptables -V | grep -q nf_tables; then',
    ...['iptables', 'ip6tables'].flatMap((command) => [
      ...['INPUT', 'OUTPUT', 'FORWARD'].map((chain) => `  ${command} -P ${chain} ACCEPT`),
      `  ${command} -F`,
      `  ${command} -X`,
    ]),
    'fi',
    'nft flush ruleset',
    `${PYTHON} ${PROBE_SCRIPT} flush-conntrack`,
  ];

  /** Empties the host's connection tracking table. */
  async flushConntrack(host: string): Promise<void> {
    await this.sh(host, `${PYTHON} ${PROBE_SCRIPT} flush-conntrack`, 'emptying the conntrack table');
  }

  async resetFirewall(host: string): Promise<void> {
    await this.sh(host, NetnsLab.RESET_FIREWALL.join('\n'), 'resetting the firewall');
  }

  /** Writes a file the hosts can read (the namespaces share the file system); removed by destroy(). */
  file(name: string, content: string): string {
    this.files ??= mkdtempSync(join(tmpdir(), `${this.id}-`));
    const path = join(this.files, name);
    writeFileSync(path, content);
    return path;
  }

  /**
   * Stops the listeners and deletes every namespace; synchronous, so that it can run on
   * process exit too, and safe to call twice or after a failed create.
   */
  destroy(): void {
    for (const child of this.listeners.splice(0)) {
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
    }
    for (const name of ['hub', ...this.hosts.keys(), ...this.pods.keys()])
      spawnSync('ip', ['netns', 'delete', this.namespace(name)], { stdio: 'ignore' });
    if (this.files !== undefined) rmSync(this.files, { recursive: true, force: true });
  }
}
