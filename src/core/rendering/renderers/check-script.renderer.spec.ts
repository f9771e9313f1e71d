import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedFlow } from '../../flows/resolved-flow';
import { cidrs, flow as fixtureFlow, inputOf } from '../fixtures/random-render-input';
import { renderFixtures } from '../fixtures/render-fixtures';
import { CheckScriptRenderer, shQuote } from './check-script.renderer';

const renderer = new CheckScriptRenderer();

/** The shared fixture flow, from a worker by default. */
const flow = (overrides: Parameters<typeof fixtureFlow>[0]): ResolvedFlow =>
  fixtureFlow({ source: 'worker', ...overrides });

const commandExists = (name: string) =>
  spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' }).status === 0;
const HAS_DASH = commandExists('dash');
const HAS_NC = commandExists('nc');
const HAS_BASH = commandExists('bash') && commandExists('timeout');
if (!HAS_DASH) console.log('skipped: dash -n checks, dash is not installed');
if (!HAS_NC) console.log('skipped: probes with nc, nc is not installed (apt-get install netcat-openbsd)');
if (!HAS_BASH) console.log('skipped: probes with bash /dev/tcp, bash or timeout is not installed');
const PROBES = [...(HAS_NC ? ['nc'] : []), ...(HAS_BASH ? ['bash'] : [])];

const directory = mkdtempSync(join(tmpdir(), 'nr-check-script-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let scripts = 0;

function scriptFile(text: string): string {
  const path = join(directory, `check-${++scripts}.sh`);
  writeFileSync(path, text);
  return path;
}

interface Outcome {
  readonly code: number;
  readonly lines: string[];
  readonly stderr: string;
}

/** Runs the script with sh (asynchronously: the listener lives in this process). */
function run(text: string, env: Record<string, string> = {}): Promise<Outcome> {
  const path = scriptFile(text);
  return new Promise((resolve) => {
    execFile(
      '/bin/sh',
      [path],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, lines: stdout.trimEnd().split('\n'), stderr });
      },
    );
  });
}

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('check-script renderer', () => {
  it.each(renderFixtures().map((fixture) => [fixture.name, fixture.input] as const))(
    '%s: sh -n accepts it',
    (_, input) => {
      const path = scriptFile(renderer.render(input));
      const sh = spawnSync('sh', ['-n', path], { encoding: 'utf8' });
      expect(sh.status, sh.stderr).toBe(0);
      if (HAS_DASH) {
        const dash = spawnSync('dash', ['-n', path], { encoding: 'utf8' });
        expect(dash.status, dash.stderr).toBe(0);
      }
    },
  );

  it('quotes user text so that none of it runs', async () => {
    const marker = join(directory, 'pwned');
    const hostile = `x'; touch ${marker}; echo '$(touch ${marker})\`touch ${marker}\`\n touch ${marker}`;
    const input = inputOf(
      [
        flow({ key: hostile, source: hostile, destination: hostile, component: hostile }),
        flow({ key: `${hostile}2`, protocol: 'udp' }),
      ],
      { [hostile]: cidrs('127.0.0.1/32') },
      { catalog: { version: '2.0.0', title: hostile }, profile: hostile },
    );
    const text = renderer.render(input);
    expect(spawnSync('sh', ['-n', scriptFile(text)]).status).toBe(0);
    const outcome = await run(text, { PROBE_TIMEOUT: '1' });
    expect(existsSync(marker)).toBe(false);
    expect(outcome.lines.at(-1)).toMatch(/^\d+ ok, \d+ failed, \d+ skipped$/);
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
  });

  describe.each(PROBES)('probing with %s', (probe) => {
    let open: Server;
    let closedPort: number;

    beforeAll(async () => {
      open = await listen();
      const closed = await listen();
      closedPort = portOf(closed);
      await new Promise((resolve) => closed.close(resolve));
    });
    afterAll(() => new Promise<void>((resolve) => open.close(() => resolve())));

    it('prints OK and exits 0 for a port that listens', async () => {
      const port = portOf(open);
      const input = inputOf([flow({ key: 'api', fromPort: port, toPort: port })], { master: cidrs('127.0.0.1/32') });
      const outcome = await run(renderer.render(input), { PROBE_WITH: probe });
      expect(outcome).toEqual({
        code: 0,
        lines: [`OK api 127.0.0.1:${port}`, '1 ok, 0 failed, 0 skipped'],
        stderr: '',
      });
    });

    it('prints FAIL and exits 1 for a closed port', async () => {
      const input = inputOf([flow({ key: 'api', fromPort: closedPort, toPort: closedPort })], {
        master: cidrs('127.0.0.1/32'),
      });
      const outcome = await run(renderer.render(input), { PROBE_WITH: probe, PROBE_TIMEOUT: '2' });
      expect(outcome).toEqual({
        code: 1,
        lines: [`FAIL api 127.0.0.1:${closedPort}`, '0 ok, 1 failed, 0 skipped'],
        stderr: '',
      });
    });

    it('probes the first port of a range, TARGET_<ROLE> hosts for networks, and skips what it cannot probe', async () => {
      const port = portOf(open);
      const input = inputOf(
        [
          flow({ key: 'range', fromPort: port, toPort: port + 5 }),
          flow({ key: 'network', destination: 'worker', source: 'master', fromPort: port, toPort: port }),
          flow({ key: 'members', destination: 'node', fromPort: port, toPort: port }),
          flow({ key: 'vxlan', protocol: 'udp', fromPort: 8472, toPort: 8472 }),
          flow({ key: 'tunnel', protocol: 'ipip' }),
        ],
        { master: cidrs('127.0.0.1/32', '10.0.1.0/24'), worker: cidrs('10.0.2.0/24') },
      );
      const text = renderer.render(input);
      const plain = await run(text, { PROBE_WITH: probe });
      expect(plain.lines).toEqual([
        `OK range 127.0.0.1:${port} (range ${port}-${port + 5}, probed ${port})`,
        'SKIP network (tcp/' + port + ' to worker: worker is given as networks, not hosts; set TARGET_WORKER=host)',
        `OK members 127.0.0.1:${port}`,
        'SKIP vxlan (udp/8472 to master: only TCP flows can be probed)',
        'SKIP tunnel (ipip (IP protocol 4) to master: only TCP flows can be probed)',
        '2 ok, 0 failed, 3 skipped',
      ]);
      expect(plain.code).toBe(0);

      const targeted = await run(text, {
        PROBE_WITH: probe,
        TARGET_WORKER: '127.0.0.1 localhost',
        SOURCE_ROLE: 'master',
      });
      expect(targeted.lines).toEqual([
        'SKIP range (source is worker, not master)',
        `OK network 127.0.0.1:${port}`,
        `OK network localhost:${port}`,
        'SKIP members (source is worker, not master)',
        'SKIP vxlan (udp/8472 to master: only TCP flows can be probed)',
        'SKIP tunnel (ipip (IP protocol 4) to master: only TCP flows can be probed)',
        '2 ok, 0 failed, 4 skipped',
      ]);
    });
  });

  it('skips every probe when neither nc nor bash can be found', async () => {
    const input = inputOf([flow({ key: 'api', fromPort: 1, toPort: 1 })], { master: cidrs('127.0.0.1/32') });
    const empty = mkdtempSync(join(directory, 'path-'));
    const outcome = await run(renderer.render(input), { PATH: empty });
    expect(outcome.lines).toEqual([
      'SKIP api 127.0.0.1:1 (no probe tool: install nc, or bash and timeout)',
      '0 ok, 0 failed, 1 skipped',
    ]);
    expect(outcome.code).toBe(0);
  });
});
