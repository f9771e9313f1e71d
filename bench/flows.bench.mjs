// npm run bench: the flow questions users ask, over REST and GraphQL, each against a bare
// node:http server returning the same bytes with the same content type, on this machine, in
// one run. A benchmark, not a test: it prints figures, ratios and whether they reach the
// targets, and never exits non-zero because of a figure.
//
//   BENCH_DURATION=10 BENCH_CONNECTIONS=50 BENCH_ROUNDS=3 npm run bench
//   BENCH_TARGETS=rest-latest,graphql-latest-profile npm run bench     # a subset
//   BENCH_OBSERVABILITY=off npm run bench    # without the per-request log line and metrics
//
// Every target answers different bytes, so each has a bare twin: one bare server process
// answers `/t/<target>` with what the service answered for that target, and the twin is sent
// the same method, headers and body. Each round measures every target next to its twin
// (twin first in even rounds, target first in odd ones), and "vs bare" is the median of the
// per-round ratios, so a slow moment of the machine lands on both sides of a ratio.
// Figures are medians of BENCH_ROUNDS rounds, each measurement after a warm-up.
//
// Before measuring, the profile bench-calico ({"version": "latest", "params": {"cni":
// "calico"}}) is written with the run's ADMIN_API_KEY, and the answers are checked: REST and
// GraphQL give the same flows for the same question, and asking by profile gives what asking
// with cni=calico gives. A disagreement stops the run: figures of wrong answers mean nothing.
import os from 'node:os';
import autocannon from 'autocannon';
import { envInteger, freePort, LOOPBACK, ROOT, startProcess, startService, stopAll } from './service.mjs';

const DURATION = envInteger('BENCH_DURATION', 10);
const CONNECTIONS = envInteger('BENCH_CONNECTIONS', 50);
const ROUNDS = envInteger('BENCH_ROUNDS', 3);
const WARMUP = envInteger('BENCH_WARMUP', 3, { min: 0 });

const PROFILE = 'bench-calico';
const PROFILE_BODY = { version: 'latest', params: { cni: 'calico' } };
const CONTRACT_FIELDS = [
  'key',
  'source',
  'destination',
  'protocol',
  'ipProtocolNumber',
  'fromPort',
  'toPort',
  'component',
  'notes',
];
const SELECTION = `{ ${CONTRACT_FIELDS.join(' ')} }`;

/** Goals from the issue: the share of the bare twin's req/s, p99 and errors. */
const GOALS = { rest: 0.45, graphql: 0.25, p99Ms: 25, errors: 0 };

const rest = (path) => ({ method: 'GET', path, headers: {} });
const graphql = (query, variables) => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
});

const TARGETS = [
  {
    name: 'rest-label',
    transport: 'rest',
    request: rest('/api/v1/catalogs/1.30.0/flows?from=worker&to=master&cni=calico'),
  },
  {
    name: 'rest-latest',
    transport: 'rest',
    request: rest('/api/v1/catalogs/latest/flows?from=worker&to=master&cni=calico'),
  },
  {
    name: 'rest-latest-profile',
    transport: 'rest',
    request: rest(`/api/v1/catalogs/latest/flows?from=worker&to=master&profile=${PROFILE}`),
  },
  {
    name: 'rest-profile',
    transport: 'rest',
    request: rest(`/api/v1/profiles/${PROFILE}/flows?from=worker&to=master`),
  },
  {
    name: 'graphql-label',
    transport: 'graphql',
    request: graphql(
      `query Flows($params: ParamsInput) { flows(catalog: "1.30.0", from: "worker", to: "master", params: $params) ${SELECTION} }`,
      { params: { cni: 'calico' } },
    ),
  },
  {
    name: 'graphql-latest-profile',
    transport: 'graphql',
    request: graphql(`query Flows($p: String) { flows(catalog: "latest", profile: $p) ${SELECTION} }`, { p: PROFILE }),
  },
  {
    name: 'graphql-latest-profile-route',
    transport: 'graphql',
    request: graphql(
      `query Flows($p: String) { flows(catalog: "latest", from: "worker", to: "master", profile: $p) ${SELECTION} }`,
      { p: PROFILE },
    ),
  },
];

/** Questions asked only to check the targets' answers, never measured. */
const CHECKS = {
  restLatestAll: rest('/api/v1/catalogs/latest/flows?cni=calico'),
  restLatestAllByProfile: rest(`/api/v1/catalogs/latest/flows?profile=${PROFILE}`),
  graphqlLatestExplicit: graphql(`query Flows { flows(catalog: "latest", params: { cni: "calico" }) ${SELECTION} }`),
  graphqlLatestExplicitRoute: graphql(
    `query Flows { flows(catalog: "latest", from: "worker", to: "master", params: { cni: "calico" }) ${SELECTION} }`,
  ),
};

/**
 * Pairs whose answers must agree before anything is measured: 'bytes' for answers that must
 * be identical, 'flows' for the same flows (their contract fields, in order) across transports.
 */
const AGREEMENTS = [
  ['rest-label', 'graphql-label', 'flows', 'REST and GraphQL by label'],
  [
    'rest-latest-profile',
    'graphql-latest-profile-route',
    'flows',
    'REST and GraphQL, latest by profile, worker to master',
  ],
  ['restLatestAllByProfile', 'graphql-latest-profile', 'flows', 'REST and GraphQL, latest by profile, every flow'],
  ['rest-latest-profile', 'rest-latest', 'bytes', 'REST latest: profile=bench-calico and cni=calico'],
  ['rest-profile', 'rest-latest', 'bytes', 'REST /profiles/bench-calico/flows and latest with cni=calico'],
  ['restLatestAllByProfile', 'restLatestAll', 'bytes', 'REST latest, every flow: profile and cni=calico'],
  ['graphql-latest-profile', 'graphqlLatestExplicit', 'bytes', 'GraphQL latest, every flow: profile and cni'],
  [
    'graphql-latest-profile-route',
    'graphqlLatestExplicitRoute',
    'bytes',
    'GraphQL latest, worker to master: profile and cni',
  ],
];

function selectedTargets() {
  const text = process.env.BENCH_TARGETS?.trim();
  if (!text) return TARGETS;
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !TARGETS.some((target) => target.name === name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(
      `BENCH_TARGETS names no target (${unknown.join(', ') || 'empty'}); the targets are ${TARGETS.map((t) => t.name).join(', ')}`,
    );
  }
  return TARGETS.filter((target) => names.includes(target.name));
}

async function ask(base, { method, path, headers, body }) {
  const res = await fetch(base + path, { method, headers, body, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  const answer = {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    cacheControl: res.headers.get('cache-control') ?? '',
    body: text,
  };
  if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  const json = JSON.parse(text);
  if (json.errors) throw new Error(`${method} ${path} answered errors: ${JSON.stringify(json.errors).slice(0, 300)}`);
  const flows = path === '/graphql' ? json.data?.flows : json.flows;
  if (!Array.isArray(flows)) throw new Error(`${method} ${path} answered no flows: ${text.slice(0, 300)}`);
  return { ...answer, flows };
}

function contractOf(flows) {
  return flows.map((flow) => CONTRACT_FIELDS.map((field) => flow[field]));
}

function checkAgreements(answers) {
  const failures = [];
  for (const [left, right, same, what] of AGREEMENTS) {
    const a = answers.get(left);
    const b = answers.get(right);
    const agree =
      same === 'bytes'
        ? a.body === b.body
        : JSON.stringify(contractOf(a.flows)) === JSON.stringify(contractOf(b.flows));
    const line = `${what}: ${left} ${a.flows.length} flows, ${right} ${b.flows.length} flows`;
    if (agree) console.log(`  agree  ${line}`);
    else failures.push(`${line}; ${same === 'bytes' ? 'the bodies differ' : 'the flows differ'}`);
  }
  if (failures.length > 0) {
    throw new Error(`the answers disagree, nothing measured:\n  ${failures.join('\n  ')}`);
  }
}

async function putProfile(base, adminApiKey) {
  const res = await fetch(`${base}/api/v1/profiles/${PROFILE}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminApiKey}` },
    body: JSON.stringify(PROFILE_BODY),
  });
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`PUT /api/v1/profiles/${PROFILE} answered ${res.status}: ${await res.text()}`);
  }
}

async function startBare(answers) {
  const port = await freePort();
  const child = startProcess([`${ROOT}/bench/bare-server.mjs`], {}, { ipc: true });
  await new Promise((done, fail) => {
    child.once('message', done);
    child.once('exit', (code) => fail(new Error(`the bare server exited (${code}) before listening`)));
    child.send({ port, host: LOOPBACK, answers });
  });
  return `http://${LOOPBACK}:${port}`;
}

function load(options, duration) {
  return new Promise((done, fail) => {
    autocannon({ connections: CONNECTIONS, pipelining: 1, ...options, duration }, (error, result) =>
      error ? fail(error) : done(result),
    );
  });
}

async function measure(url, { method, headers, body }) {
  const options = { url, method, headers, ...(body === undefined ? {} : { body }) };
  if (WARMUP > 0) await load(options, WARMUP);
  const result = await load(options, DURATION);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function summarise(target, runs) {
  const ratio = median(runs.map(({ service, bare }) => service.rps / bare.rps));
  const row = {
    target: target.name,
    rps: median(runs.map((r) => r.service.rps)),
    p50: median(runs.map((r) => r.service.p50)),
    p99: median(runs.map((r) => r.service.p99)),
    errors: runs.reduce((sum, r) => sum + r.service.errors, 0),
    bareRps: median(runs.map((r) => r.bare.rps)),
    bareErrors: runs.reduce((sum, r) => sum + r.bare.errors, 0),
    ratio,
    rounds: runs.map((r) => `${Math.round(r.service.rps)}/${Math.round(r.bare.rps)}`).join(' '),
  };
  const goal = GOALS[target.transport];
  const misses = [
    ratio < goal ? `vs bare < ${goal}` : undefined,
    row.p99 >= GOALS.p99Ms ? `p99 >= ${GOALS.p99Ms} ms` : undefined,
    row.errors > GOALS.errors ? 'errors' : undefined,
  ].filter(Boolean);
  return { ...row, goal: `>= ${goal}`, result: misses.length === 0 ? 'PASS' : `MISS (${misses.join(', ')})` };
}

const ms = (value) => (Number.isInteger(value) ? value : Number(value.toFixed(1)));

/** The table's cells: numbers for console.table, text (ratios with two decimals) for Markdown. */
function tableRows(summary, { text = false } = {}) {
  return summary.map((row) => {
    const cells = {
      target: row.target,
      'req/s': Math.round(row.rps),
      'p50 ms': ms(row.p50),
      'p99 ms': ms(row.p99),
      errors: row.errors,
      'bare req/s': Math.round(row.bareRps),
      'vs bare': text ? row.ratio.toFixed(2) : Number(row.ratio.toFixed(2)),
      goal: row.goal,
      result: row.result,
    };
    return text ? Object.fromEntries(Object.entries(cells).map(([key, value]) => [key, String(value)])) : cells;
  });
}

/** A Markdown table padded the way Prettier formats one, so it pastes into the README as is. */
function markdownTable(rows) {
  const columns = Object.keys(rows[0]);
  const widths = columns.map((column) => Math.max(3, column.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(columns),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(columns.map((column) => row[column]))),
  ].join('\n');
}

try {
  const targets = selectedTargets();
  const service = await startService();
  await putProfile(service.url, service.adminApiKey);

  // Asked in this order (by label first) in every run: the service's caches fill on first use.
  const answers = new Map();
  for (const target of TARGETS) answers.set(target.name, await ask(service.url, target.request));
  for (const [name, request] of Object.entries(CHECKS)) answers.set(name, await ask(service.url, request));
  console.log(
    `service on ${service.url}, database ${service.database}, logs and metrics ${service.observability}` +
      ` (BENCH_OBSERVABILITY); checking the answers:`,
  );
  checkAgreements(answers);

  const bare = await startBare(
    Object.fromEntries(
      targets.map(({ name }) => {
        const { contentType, body } = answers.get(name);
        return [`/t/${name}`, { contentType, body }];
      }),
    ),
  );

  for (const target of targets) {
    const { method, headers, body } = target.request;
    const res = await fetch(`${bare}/t/${target.name}`, { method, headers, body });
    const expected = answers.get(target.name);
    if ((await res.text()) !== expected.body || res.headers.get('content-type') !== expected.contentType) {
      throw new Error(`the bare twin of ${target.name} does not answer the service's bytes and content type`);
    }
  }

  console.log('\ntargets (what the service answered, which its bare twin answers too):');
  for (const target of targets) {
    const { request } = target;
    const answer = answers.get(target.name);
    console.log(
      `  ${target.name.padEnd(29)} ${request.method.padEnd(4)} ${request.path}` +
        (request.body ? ` ${request.body.length} B body` : '') +
        `\n  ${''.padEnd(29)} ${answer.flows.length} flows, ${Buffer.byteLength(answer.body)} B, ` +
        `${answer.contentType}, cache-control: ${answer.cacheControl || '(none)'}`,
    );
    const askedByLatestOrProfile = request.path.includes('latest') || request.path.includes('profile');
    if (askedByLatestOrProfile && target.transport === 'rest' && answer.cacheControl.includes('immutable')) {
      console.log(
        `  ${''.padEnd(29)} NOTE: about latest or a profile, yet marked immutable (the README says no-cache): ` +
          'its figure may come from a cache that should not hold this answer',
      );
    }
  }
  console.log(
    `\n${CONNECTIONS} connections, ${DURATION} s per measurement after ${WARMUP} s warm-up, ` +
      `median of ${ROUNDS} round(s); Node ${process.version}, ${os.cpus().length} CPUs; ` +
      `about ${Math.ceil((targets.length * 2 * ROUNDS * (DURATION + WARMUP)) / 60)} min\n`,
  );

  const runs = new Map(targets.map(({ name }) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      const measureService = () => measure(service.url + target.request.path, target.request);
      const measureBare = () => measure(`${bare}/t/${target.name}`, target.request);
      let serviceRun, bareRun;
      if (round % 2 === 0) {
        bareRun = await measureBare();
        serviceRun = await measureService();
      } else {
        serviceRun = await measureService();
        bareRun = await measureBare();
      }
      runs.get(target.name).push({ service: serviceRun, bare: bareRun });
      console.log(
        `  round ${round + 1}/${ROUNDS} ${target.name.padEnd(29)} ${String(Math.round(serviceRun.rps)).padStart(6)} req/s, ` +
          `bare ${String(Math.round(bareRun.rps)).padStart(6)} req/s, p99 ${serviceRun.p99} ms, errors ${serviceRun.errors}`,
      );
    }
  }

  const summary = targets.map((target) => summarise(target, runs.get(target.name)));
  const rows = tableRows(summary);
  console.log();
  console.table(rows.map((row, i) => ({ ...row, 'per round (service/bare req/s)': summary[i].rounds })));
  for (const row of summary.filter((r) => r.bareErrors > 0)) {
    console.log(`warning: the bare twin of ${row.target} had ${row.bareErrors} errors; its ratio is not a fair one`);
  }
  console.log(
    `\nGoals: REST >= ${GOALS.rest} and GraphQL >= ${GOALS.graphql} of bare, p99 < ${GOALS.p99Ms} ms, ` +
      `no errors (errors + timeouts + non-2xx). Markdown:\n`,
  );
  console.log(markdownTable(tableRows(summary, { text: true })));
  console.log(
    `\nThe service logged ${(service.loggedBytes() / 1024 / 1024).toFixed(1)} MB meanwhile (BENCH_OBSERVABILITY=${service.observability}).`,
  );
} catch (error) {
  console.error(`\nbench: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
