// node bench/pod-resources.mjs (after npm run build): the CPU and memory one instance of the
// service uses, to size the requests and limits of deploy/kubernetes. The service runs as
// `node dist/main.js` (as in the image) on DATABASE_URL, or on the embedded database when
// none is set; its process is sampled from /proc every 250 ms (Linux only) while it
//
//   1. starts (migrations, seeding an empty database) until /ready answers,
//   2. idles,
//   3. answers the bench's flow questions (REST, GraphQL) from BENCH_CONNECTIONS connections,
//   4. renders artifacts for every format, role pair and CNI (answers computed, then cached),
//   5. answers GraphQL questions that each differ (nothing served from the response cache).
//
// Each phase after the start lasts BENCH_DURATION seconds. Printed per phase: CPU in cores
// (average over the phase, and the busiest second), resident memory (average, highest) and
// the request count. VmHWM, the kernel's high-water mark of resident memory, is the peak
// over the whole life of the process, start included: what a memory limit must stay above.
// A measurement, not a test: it never fails because of a figure.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/nr_resources BENCH_DURATION=10 node bench/pod-resources.mjs
//
// Under a memory limit, as in a container: BENCH_CGROUP names a memory cgroup directory
// (made beforehand, as root, with its limit set) that the service's process is moved into
// as soon as it is spawned. Node 20 sizes its heap from that limit, so resident memory
// inside a limit is lower than without one (V8 grows lazily when it sees the whole RAM).
//   cgroup v1: mkdir /sys/fs/cgroup/memory/nr && echo 536870912 > /sys/fs/cgroup/memory/nr/memory.limit_in_bytes
//   cgroup v2: mkdir /sys/fs/cgroup/nr && echo 536870912 > /sys/fs/cgroup/nr/memory.max
//   BENCH_CGROUP=/sys/fs/cgroup/memory/nr node bench/pod-resources.mjs
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { envInteger, startService, stopAll } from './service.mjs';

const DURATION = envInteger('BENCH_DURATION', 10);
const CONNECTIONS = envInteger('BENCH_CONNECTIONS', 50);
const SAMPLE_MS = 250;
// Clock ticks per second of /proc/<pid>/stat (getconf CLK_TCK): 100 on Linux.
const TICKS_PER_SECOND = 100;
const PROFILE = 'bench-calico';
const ROLES = ['node', 'master', 'worker', 'master-lb', 'ingress-lb', 'kcp', 'internet', 'intranet', 'cloud-api'];
const CNIS = ['canal', 'calico', 'weave', 'flannel'];

function readProcess(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { at: performance.now(), cpuSeconds, rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** Samples the process until stopped; returns the phase's figures. */
function sample(pid) {
  const samples = [readProcess(pid)];
  const timer = setInterval(() => samples.push(readProcess(pid)), SAMPLE_MS);
  return () => {
    clearInterval(timer);
    samples.push(readProcess(pid));
    const first = samples[0];
    const last = samples[samples.length - 1];
    let busiest = 0;
    const perSecond = 1000 / SAMPLE_MS;
    for (let i = perSecond; i < samples.length; i++) {
      const a = samples[i - perSecond];
      const b = samples[i];
      busiest = Math.max(busiest, (b.cpuSeconds - a.cpuSeconds) / ((b.at - a.at) / 1000));
    }
    const rss = samples.map((s) => s.rssMb);
    return {
      seconds: (last.at - first.at) / 1000,
      cpuAverage: (last.cpuSeconds - first.cpuSeconds) / ((last.at - first.at) / 1000),
      cpuBusiestSecond: busiest,
      rssAverageMb: rss.reduce((sum, value) => sum + value, 0) / rss.length,
      rssMaxMb: Math.max(...rss),
      hwmMb: last.hwmMb,
    };
  };
}

function load(options) {
  return new Promise((done, fail) => {
    autocannon({ connections: CONNECTIONS, pipelining: 1, duration: DURATION, ...options }, (error, result) =>
      error ? fail(error) : done(result),
    );
  });
}

/** Requests that cycle through `paths` (or bodies), one after another on every connection. */
function cycling(items, toRequest) {
  let next = 0;
  return [{ setupRequest: (request) => ({ ...request, ...toRequest(items[next++ % items.length]) }) }];
}

/** The service as the flow bench starts it (logs and metrics as BENCH_OBSERVABILITY says), moved into BENCH_CGROUP (if set) right after spawning. */
async function startInCgroup() {
  const cgroup = process.env.BENCH_CGROUP;
  const service = await startService({
    onSpawn: (child) => cgroup && appendFileSync(join(cgroup, 'cgroup.procs'), String(child.pid)),
  });
  return { ...service, database: service.database + (cgroup ? `, in cgroup ${cgroup}` : '') };
}

async function phase(name, pid, run) {
  const stop = sample(pid);
  const result = await run();
  const figures = stop();
  const requests = result ? result.requests.total : 0;
  const errors = result ? result.errors + result.timeouts + result.non2xx : 0;
  return { phase: name, ...figures, requests, errors };
}

let service;
try {
  const started = performance.now();
  service = await startInCgroup();
  const pid = service.child.pid;
  const atReady = readProcess(pid);
  const startup = {
    phase: 'start until /ready',
    seconds: (performance.now() - started) / 1000,
    cpuAverage: atReady.cpuSeconds / ((performance.now() - started) / 1000),
    cpuBusiestSecond: NaN,
    rssAverageMb: NaN,
    rssMaxMb: atReady.hwmMb,
    hwmMb: atReady.hwmMb,
    requests: 0,
    errors: 0,
  };
  console.log(
    `service ${service.url} (pid ${pid}), database ${service.database}; ready, ${atReady.cpuSeconds} s of CPU`,
  );

  const put = await fetch(`${service.url}/api/v1/profiles/${PROFILE}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${service.adminApiKey}` },
    body: JSON.stringify({ version: 'latest', params: { cni: 'calico' } }),
  });
  if (put.status !== 200 && put.status !== 201) throw new Error(`PUT profile answered ${put.status}`);
  const formats = (await (await fetch(`${service.url}/api/v1/artifact-formats`)).json()).formats.map((f) => f.format);

  const rows = [startup];
  rows.push(await phase('idle', pid, () => new Promise((done) => setTimeout(() => done(undefined), DURATION * 1000))));
  rows.push(
    await phase('REST flows', pid, () =>
      load({ url: `${service.url}/api/v1/catalogs/latest/flows?from=worker&to=master&profile=${PROFILE}` }),
    ),
  );
  rows.push(
    await phase('GraphQL flows', pid, () =>
      load({
        url: `${service.url}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            'query Flows($p: String) { flows(catalog: "latest", profile: $p) { key source destination protocol fromPort toPort } }',
          variables: { p: PROFILE },
        }),
      }),
    ),
  );
  const renders = formats.flatMap((format) =>
    ROLES.flatMap((from) => CNIS.map((cni) => `/api/v1/catalogs/1.30.0/artifacts/${format}?from=${from}&cni=${cni}`)),
  );
  rows.push(
    await phase(`renders (${renders.length} distinct)`, pid, () =>
      load({ url: service.url, requests: cycling(renders, (path) => ({ path })) }),
    ),
  );
  const questions = ROLES.flatMap((from) =>
    ROLES.flatMap((to) =>
      CNIS.map((cni) =>
        JSON.stringify({
          query: `query Q($from: String, $to: String, $params: ParamsInput) { flows(catalog: "latest", from: $from, to: $to, params: $params) { key source destination protocol fromPort toPort } }`,
          variables: { from, to, params: { cni, airGap: Math.random() < 0.5 } },
        }),
      ),
    ),
  );
  rows.push(
    await phase(`GraphQL, varied (${questions.length} questions)`, pid, () =>
      load({
        url: `${service.url}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: cycling(questions, (body) => ({ body })),
      }),
    ),
  );

  const round = (value, digits = 0) => (Number.isNaN(value) ? '' : Number(value.toFixed(digits)));
  console.table(
    rows.map((row) => ({
      phase: row.phase,
      s: round(row.seconds, 1),
      'CPU cores avg': round(row.cpuAverage, 2),
      'CPU busiest 1 s': round(row.cpuBusiestSecond, 2),
      'RSS avg MB': round(row.rssAverageMb),
      'RSS max MB': round(row.rssMaxMb),
      'VmHWM MB': round(row.hwmMb),
      requests: row.requests,
      errors: row.errors,
    })),
  );
  console.log(
    `${CONNECTIONS} connections, ${DURATION} s per phase; Node ${process.version}. ` +
      'The load generator runs on the same machine and takes CPU from the service.',
  );
} catch (error) {
  console.error(`\npod-resources: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
