// npm run bench:memory: what long, distinct query strings do to the service's memory. Every
// request asks the same flow question, `/api/v1/catalogs/1.30.0/flows?from=worker&to=master`,
// followed by random runs of `&` and random junk parameters, making URLs of 8-15 KB that are
// all different; the service's resident memory (VmRSS of its process) is sampled before,
// every 2,000 answers and after. A measurement, not a test: it prints the series, the peak
// and the status codes seen, and fails only when it could not measure (the service died).
//
//   BENCH_MEMORY_REQUESTS=20000 BENCH_MEMORY_CONCURRENCY=20 npm run bench:memory
//
// Three kinds of URL, drawn at random: one in ten (BENCH_MEMORY_REJECTED_PERCENT) carries
// junk parameter names, which the service refuses with 400; of the rest, half carry only runs
// of `&` (the query parser skips empty pairs: 200) and half also one `__proto__=<junk>`
// (dropped today: 200; the status counts show it if that changes).
// Everything stays on 127.0.0.1 and is bounded: BENCH_MEMORY_REQUESTS requests, at most
// BENCH_MEMORY_TIME_LIMIT seconds of sending (the script exits, killing the service, a
// minute after that whatever happens), and sending stops early when the service's RSS passes
// BENCH_MEMORY_RSS_LIMIT_MB, to spare a shared machine. Linux only (/proc/<pid>/status).
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { envInteger, LOOPBACK, startService, stopAll } from './service.mjs';

const REQUESTS = envInteger('BENCH_MEMORY_REQUESTS', 20_000);
const CONCURRENCY = envInteger('BENCH_MEMORY_CONCURRENCY', 20);
const TIME_LIMIT_S = envInteger('BENCH_MEMORY_TIME_LIMIT', 300);
const RSS_LIMIT_MB = envInteger('BENCH_MEMORY_RSS_LIMIT_MB', 3072);
const REJECTED_PERCENT = envInteger('BENCH_MEMORY_REJECTED_PERCENT', 10, { min: 0 });
const SEED = envInteger('BENCH_MEMORY_SEED', 1, { min: 0 });
const SETTLE_S = 5;
const SAMPLE_EVERY = 2_000;
const REQUEST_TIMEOUT_MS = 30_000;
const BASE_PATH = '/api/v1/catalogs/1.30.0/flows?from=worker&to=master';
// The service refuses targets over 4096 characters (414) before any cache: the default
// 8-15 KB measures that refusal; BENCH_MEMORY_MIN_URL_BYTES=1024 BENCH_MEMORY_MAX_URL_BYTES=4000
// measures URLs it accepts. At most Node's 16 KiB limit on a request's head.
const MIN_URL_BYTES = envInteger('BENCH_MEMORY_MIN_URL_BYTES', 8 * 1024, { min: BASE_PATH.length + 1 });
const MAX_URL_BYTES = envInteger('BENCH_MEMORY_MAX_URL_BYTES', 15 * 1024, { min: MIN_URL_BYTES });
// Longer parameter values are refused (400) by the service; `__proto__` junk stays below.
const MAX_JUNK_VALUE = 1000;
const JUNK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

// The hard bound: whatever hangs, the script ends and the exit handler kills the service.
const watchdog = setTimeout(
  () => {
    console.error(`\nbench:memory: still running ${TIME_LIMIT_S + 60} s after the start; giving up`);
    process.exit(2);
  },
  (TIME_LIMIT_S + 60) * 1000,
);
watchdog.unref();

/** mulberry32: a seeded generator, so a run's URLs can be produced again (BENCH_MEMORY_SEED). */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = generator(SEED);
const between = (min, max) => min + Math.floor(random() * (max - min + 1));
const junk = (length) => Array.from({ length }, () => JUNK_ALPHABET[between(0, JUNK_ALPHABET.length - 1)]).join('');

/**
 * One URL of 8-15 KB: the question, then runs of `&` with junk between them: parameters the
 * service does not know (`unknown`), one `__proto__=<junk>` (`proto`) or none (`ampersands`).
 * Pieces that would pass the length are left out, never cut.
 */
function junkUrl(kind) {
  const rejected = kind === 'unknown';
  const length = between(MIN_URL_BYTES, MAX_URL_BYTES);
  let url = BASE_PATH;
  let proto = false;
  let unknown = false;
  while (url.length < length) {
    url += '&'.repeat(Math.min(between(1, 256), length - url.length));
    const choice = random();
    let piece = '';
    if (rejected && (!unknown || choice < 0.3)) piece = `${junk(between(1, 32))}=${junk(between(0, 512))}`;
    else if (kind === 'proto' && !proto && choice < 0.5) piece = `__proto__=${junk(between(1, MAX_JUNK_VALUE))}`;
    if (piece && url.length + piece.length < length) {
      url += piece;
      unknown ||= rejected;
      proto ||= piece.startsWith('__proto__=');
    }
  }
  return url;
}

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kib('VmRSS') / 1024, hwmMb: kib('VmHWM') / 1024 };
}

function send(agent, port, path) {
  return new Promise((done) => {
    const request = get({ host: LOOPBACK, port, path, agent, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      response.resume();
      response.on('end', () => done(String(response.statusCode)));
      response.on('error', (error) => done(`error ${error.code ?? error.message}`));
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    request.on('error', (error) => done(`error ${error.code ?? error.message}`));
  });
}

const mb = (value) => value.toFixed(1).padStart(8);

try {
  if (!readFileSync('/proc/self/status', 'utf8').includes('VmRSS')) throw new Error('needs Linux /proc/<pid>/status');
  const service = await startService();
  const { hostname, port } = new URL(service.url);
  if (hostname !== LOOPBACK) throw new Error(`the service must be on ${LOOPBACK}, not ${hostname}`);
  const pid = service.child.pid;
  let died;
  service.child.once('exit', (code, signal) => (died = `the service exited (${signal ?? `code ${code}`})`));

  console.log(`service pid ${pid} on ${service.url}, database ${service.database}`);
  console.log(
    `${REQUESTS} GET requests of ${MIN_URL_BYTES}-${MAX_URL_BYTES} B, ${REJECTED_PERCENT}% with junk parameter names, ` +
      `concurrency ${CONCURRENCY}, seed ${SEED}; at most ${TIME_LIMIT_S} s of sending, stops above ${RSS_LIMIT_MB} MB RSS\n`,
  );
  console.log(`${'answers'.padEnd(16)}${'seconds'.padStart(8)}${'RSS MB'.padStart(10)}`);
  const started = Date.now();
  const series = [];
  let peak = { rssMb: 0, at: 'before' };
  const sample = (label) => {
    const { rssMb } = memoryOf(pid);
    if (rssMb > peak.rssMb) peak = { rssMb, at: label };
    series.push({ label, seconds: (Date.now() - started) / 1000, rssMb });
    const last = series.at(-1);
    console.log(`${label.padEnd(16)}${last.seconds.toFixed(1).padStart(8)}${mb(rssMb).padStart(10)}`);
    return rssMb;
  };
  sample('before');

  const statuses = new Map();
  const kinds = new Map();
  let sent = 0;
  let answered = 0;
  let urlBytes = 0;
  let stopped;
  // Between the printed samples too, for the peak and the RSS limit.
  const poll = setInterval(() => {
    if (died) return;
    const { rssMb } = memoryOf(pid);
    if (rssMb > peak.rssMb) peak = { rssMb, at: `~${answered} answers` };
    if (rssMb > RSS_LIMIT_MB) stopped ??= `RSS ${rssMb.toFixed(0)} MB passed BENCH_MEMORY_RSS_LIMIT_MB=${RSS_LIMIT_MB}`;
  }, 250);
  const deadline = started + TIME_LIMIT_S * 1000;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const worker = async () => {
    while (sent < REQUESTS && !stopped && !died) {
      if (Date.now() > deadline) {
        stopped ??= `BENCH_MEMORY_TIME_LIMIT=${TIME_LIMIT_S} s reached`;
        break;
      }
      sent++;
      const draw = random() * 100;
      const kind = draw < REJECTED_PERCENT ? 'unknown' : draw < 50 + REJECTED_PERCENT / 2 ? 'proto' : 'ampersands';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const path = junkUrl(kind);
      urlBytes += path.length;
      const status = await send(agent, port, path);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      answered++;
      if (answered % SAMPLE_EVERY === 0 && !died) sample(String(answered));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearInterval(poll);
  agent.destroy();
  const elapsed = (Date.now() - started) / 1000;

  if (!died) {
    sample('after');
    await new Promise((done) => setTimeout(done, SETTLE_S * 1000));
    if (!died) sample(`after ${SETTLE_S} s idle`);
  }
  const hwm = died ? undefined : memoryOf(pid).hwmMb;

  console.log(
    `\n${answered} answers in ${elapsed.toFixed(1)} s (${Math.round(answered / elapsed)}/s), ` +
      `URLs ${Math.round(urlBytes / Math.max(sent, 1))} B on average, ${(urlBytes / 1024 / 1024).toFixed(1)} MB in all`,
  );
  console.log(`URLs sent: ${[...kinds].map(([kind, count]) => `${kind}: ${count}`).join(', ')}`);
  console.log(
    `status codes: ${[...statuses]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ')}`,
  );
  const first = series[0].rssMb;
  console.log(
    `RSS: ${first.toFixed(1)} MB before, peak ${peak.rssMb.toFixed(1)} MB (at ${peak.at}, sampled every 0.25 s), ` +
      `${series.at(-1).rssMb.toFixed(1)} MB at the end` +
      (hwm === undefined
        ? ''
        : `; VmHWM (the kernel's high-water mark since the service started, its start included) ${hwm.toFixed(1)} MB`),
  );
  const ok = statuses.get('200') ?? 0;
  const grown = series.at(-1).rssMb - first;
  console.log(
    `RSS grew ${grown.toFixed(1)} MB` +
      (ok > 0 ? `, ${((grown * 1024) / ok).toFixed(1)} KB per 200 answer` : '') +
      ` (the URLs averaged ${(urlBytes / Math.max(sent, 1) / 1024).toFixed(1)} KB)`,
  );
  console.log(`RSS series (MB): ${series.map((s) => `${s.label}=${s.rssMb.toFixed(0)}`).join(' ')}`);
  if (stopped) console.log(`stopped early: ${stopped}`);
  if (died) {
    console.error(`bench:memory: ${died} during the run; the figures above end there`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`\nbench:memory: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await stopAll();
  clearTimeout(watchdog);
}
