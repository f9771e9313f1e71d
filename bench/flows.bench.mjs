// npm run bench: the flow question over REST and over GraphQL, against a bare node:http
// server returning the same bytes, on this machine, in one run. A benchmark, not a test:
// it prints figures and ratios and never fails on them.
//
//   BENCH_DURATION=10 BENCH_CONNECTIONS=50 npm run bench
//
// The service runs as `node dist/main.js` in a child process (DATABASE_URL when set, an
// embedded database in a temporary directory otherwise); the bare server in another child
// process; autocannon here.
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
    `${JSON.parse(body).flows.length} flows, ${Buffer.byteLength(body)} bytes; ${CONNECTIONS} connections, ${DURATION} s each after ${WARMUP} s warm-up`,
  );
  const runs = [];
  runs.push(await measure('bare node:http', { url: bare }));
  runs.push(await measure('REST flows', { url: service + REST_PATH }));
  runs.push(
    await measure('GraphQL flows', {
      url: `${service}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: GRAPHQL_BODY,
    }),
  );

  const baseline = runs[0].result.requests.average;
  const rows = runs.map(({ name, result }) => ({
    target: name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    'vs bare': (result.requests.average / baseline).toFixed(2),
  }));
  console.table(rows);
} finally {
  children.forEach((child) => child.kill('SIGTERM'));
  await new Promise((done) => setTimeout(done, 500));
  rmSync(dataDir, { recursive: true, force: true });
}
