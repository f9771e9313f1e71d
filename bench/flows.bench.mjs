// npm run bench: the flow question over REST and over GraphQL, against a bare node:http
// server returning the same bytes, on this machine, in one run. A benchmark, not a test:
// it prints figures and ratios and never fails on them.
//
//   BENCH_DURATION=10 BENCH_CONNECTIONS=50 BENCH_ROUNDS=3 npm run bench
//
// The three targets are measured in turn, ROUNDS times over, and each figure is the median
// of its rounds, so a slow moment of the machine does not land on one target only.
//
// The service runs as `node dist/main.js` in a child process (DATABASE_URL when set, an
// embedded database in a temporary directory otherwise), its per-address rate limit on but
// set too high to refuse anything; the bare server in another child process; autocannon here.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';

const ROOT = resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REST_PATH = '/api/v1/catalogs/1.30.0/flows?from=worker&to=master&cni=calico';
const GRAPHQL_BODY = JSON.stringify({
  query:
    'query Flows($params: ParamsInput) { flows(catalog: "1.30.0", from: "worker", to: "master", params: $params) ' +
    '{ key source destination protocol ipProtocolNumber fromPort toPort component notes } }',
  variables: { params: { cni: 'calico' } },
});

const children = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function startProcess(args, env) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function waitFor(url, init) {
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(url, init);
      if (res.ok) return res;
    } catch {
      // not up yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${url} did not answer`);
}

function load(name, options) {
  return new Promise((done, fail) => {
    autocannon({ connections: CONNECTIONS, pipelining: 1, ...options }, (error, result) =>
      error ? fail(error) : done({ name, result }),
    );
  });
}

async function measure(name, options) {
  await load(name, { ...options, duration: WARMUP });
  return load(name, { ...options, duration: DURATION });
}

const dataDir = mkdtempSync(join(tmpdir(), 'nr-bench-'));
try {
  const servicePort = await freePort();
  startProcess([join(ROOT, 'dist', 'main.js')], {
    PORT: String(servicePort),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // The per-address limit stays on, so its cost is measured, but far above what the
    // connections from this one address can send (tens of thousands of requests a second).
    RATE_LIMIT_PER_ADDRESS: '100000000',
  });
  const service = `http://127.0.0.1:${servicePort}`;
  const restResponse = await waitFor(service + REST_PATH);
  const body = await restResponse.text();
  const contentType = restResponse.headers.get('content-type');
  const graphqlCheck = await (
    await waitFor(`${service}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: GRAPHQL_BODY,
    })
  ).json();
  if (graphqlCheck.errors || JSON.parse(body).flows.length !== graphqlCheck.data.flows.length) {
    throw new Error(`REST and GraphQL disagree: ${JSON.stringify(graphqlCheck.errors ?? graphqlCheck.data)}`);
  }

  const barePort = await freePort();
  const bareSource = `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': ${JSON.stringify(contentType)}, 'content-length': ${Buffer.byteLength(body)} }); s.end(${JSON.stringify(body)}); }).listen(${barePort}, '127.0.0.1');`;
  startProcess(['-e', bareSource], {});
  const bare = `http://127.0.0.1:${barePort}`;
  await waitFor(bare);

  console.log(
    `${JSON.parse(body).flows.length} flows, ${Buffer.byteLength(body)} bytes; ${CONNECTIONS} connections, ` +
      `${DURATION} s per target after ${WARMUP} s warm-up, median of ${ROUNDS} rounds`,
  );
  const targets = [
    ['bare node:http', { url: bare }],
    ['REST flows', { url: service + REST_PATH }],
    [
      'GraphQL flows',
      {
        url: `${service}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: GRAPHQL_BODY,
      },
    ],
  ];
  const results = new Map(targets.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, options] of targets) results.get(name).push((await measure(name, options)).result);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const summary = targets.map(([name]) => {
    const runs = results.get(name);
    return {
      name,
      rps: median(runs.map((r) => r.requests.average)),
      p50: median(runs.map((r) => r.latency.p50)),
      p99: median(runs.map((r) => r.latency.p99)),
      errors: runs.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
      rounds: runs.map((r) => Math.round(r.requests.average)).join(' / '),
    };
  });
  const baseline = summary[0].rps;
  console.table(
    summary.map((row) => ({
      target: row.name,
      'req/s': Math.round(row.rps),
      'p50 ms': row.p50,
      'p99 ms': row.p99,
      errors: row.errors,
      'vs bare': (row.rps / baseline).toFixed(2),
      'req/s per round': row.rounds,
    })),
  );
} finally {
  children.forEach((child) => child.kill('SIGTERM'));
  await new Promise((done) => setTimeout(done, 500));
  rmSync(dataDir, { recursive: true, force: true });
}
