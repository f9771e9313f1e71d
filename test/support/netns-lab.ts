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
 */

export const PYTHON = '/usr/bin/python3';
const PROBE_SCRIPT = resolve(__dirname, 'packet-probe.py');

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

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export type ProbeProtocol = 'tcp' | 'udp' | 'ipip';

export interface Probe {
  /** Unique and readable: it names the probe in failures. */
  readonly id: string;
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
 * Why the lab cannot run here, or null when it can: root, the tools, and a namespace that
 * can be created (containers often forbid it).
 */
export function labUnavailableReason(tools: readonly string[]): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces and firewalls need root';
  const missing = ['ip', ...tools].filter((tool) => !(tool.startsWith('/') ? existsSync(tool) : commandExists(tool)));
  if (!existsSync(PYTHON)) missing.push(PYTHON);
  if (missing.length > 0) return `${missing.join(', ')} not installed`;
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

  exec(host: string, args: readonly string[], input?: string): Promise<Run> {
    return run('ip', ['netns', 'exec', this.namespace(host), ...args], input);
  }

  /** Runs a shell script in the host's namespace; throws naming `what` when it fails. */
  async sh(host: string, script: string, what: string): Promise<string> {
    return ok(await this.exec(host, ['sh', '-ec', script]), `${what} on ${host}`);
  }

  /**
   * Starts listeners in every host: TCP (a banner per connection), UDP (an answer per
   * datagram) and IP-in-IP (an answer per packet), until destroy().
   */
  async listen(tcpPorts: readonly number[], udpPorts: readonly number[]): Promise<void> {
    await Promise.all(
      [...this.hosts.keys()].map(
        (host) =>
          new Promise<void>((resolvePromise, reject) => {
            const child = spawn('ip', [
              'netns',
              'exec',
              this.namespace(host),
              PYTHON,
              PROBE_SCRIPT,
              'serve',
              tcpPorts.join(','),
              udpPorts.join(','),
            ]);
            this.listeners.push(child);
            let stderr = '';
            child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
            child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
              if (chunk.includes('ready')) resolvePromise();
            });
            child.on('exit', (code) => reject(new Error(`listeners on ${host} exited (${code}): ${stderr}`)));
          }),
      ),
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
          host: probe.protocol === 'ipip' ? this.spec(probe.to).ipipAddress : this.spec(probe.to).address,
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
    for (const name of ['hub', ...this.hosts.keys()])
      spawnSync('ip', ['netns', 'delete', this.namespace(name)], { stdio: 'ignore' });
    if (this.files !== undefined) rmSync(this.files, { recursive: true, force: true });
  }
}
