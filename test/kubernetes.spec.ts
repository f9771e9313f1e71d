import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  build,
  buildInProcess,
  buildWithKubectl,
  type Build,
  type Container,
  type KubeObject,
  kubectlMissing,
  parseObjects,
  ROOT,
  typeErrors,
  validateObject,
} from './support/kubernetes-manifests';

/**
 * deploy/kubernetes: each kustomization built by the real tool (kubectl's kustomize), every
 * object validated against the Kubernetes API schema of its kind (kubernetes-models) and
 * type-checked for unknown fields, and the things that matter asserted: probes, replicas,
 * security, shutdown timing, network policy, and that every variable the Deployment sets is
 * one the service reads (src/config/app-config.ts).
 */
const BASE = 'deploy/kubernetes/base';
const EMBEDDED = 'deploy/kubernetes/overlays/embedded';
const SECRET_EXAMPLE = `${BASE}/secret.example.yaml`;

if (kubectlMissing) {
  console.warn(
    `kubernetes.spec: ${kubectlMissing}; building the kustomizations in-process instead ` +
      '(resources and images only: the overlays’ patches are not applied and their assertions are skipped)',
  );
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** The variables the service declares: the properties of class EnvironmentVariables. */
function declaredVariables(): Set<string> {
  const source = readFileSync(join(ROOT, 'src/config/app-config.ts'), 'utf8');
  const body = /class EnvironmentVariables \{([\s\S]*?)\n\}/.exec(source)?.[1];
  if (!body) throw new Error('src/config/app-config.ts has no class EnvironmentVariables');
  return new Set([...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*)\??:/gm)].map((match) => match[1]));
}

/** The ENV of the Dockerfile's last stage, as NAME=value pairs. */
function dockerfileEnv(): Record<string, string> {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const block = /\nENV ((?:[^\n]*\\\n)*[^\n]*)/.exec(runtime)?.[1] ?? '';
  return Object.fromEntries([...block.matchAll(/([A-Z_]+)=(\S+)/g)].map((match) => [match[1], match[2]]));
}

function one(objects: KubeObject[], kind: string): KubeObject {
  const found = objects.filter((object) => object.kind === kind);
  expect(
    found.map((object) => object.metadata.name),
    `one ${kind}`,
  ).toHaveLength(1);
  return found[0];
}

interface PodSpec {
  terminationGracePeriodSeconds?: number;
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    seccompProfile?: { type: string };
  };
  containers: Container[];
  volumes?: { name: string; emptyDir?: object; persistentVolumeClaim?: { claimName: string } }[];
}

interface Probe {
  httpGet?: { path: string; port: string | number };
  periodSeconds?: number;
  failureThreshold?: number;
}

function podSpec(deployment: KubeObject): PodSpec {
  return (deployment.spec as { template: { spec: PodSpec } }).template.spec;
}

function envOf(container: Container): Record<string, string | undefined> {
  return Object.fromEntries((container.env ?? []).map((variable) => [variable.name, variable.value]));
}

/** A CPU or memory quantity in cores or bytes (the suffixes the manifests use). */
function quantity(text: string | number): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(String(text));
  if (!match) throw new Error(`quantity "${text}" not understood`);
  const factor = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * factor;
}

/** Seconds a preStop hook waits: a `sleep` action, or `sleep N` run in the container. */
function preStopSeconds(container: Container): number {
  const preStop = (container.lifecycle as { preStop?: { sleep?: { seconds: number }; exec?: { command: string[] } } })
    ?.preStop;
  if (!preStop) return 0;
  if (preStop.sleep) return preStop.sleep.seconds;
  const command = preStop.exec?.command.join(' ') ?? '';
  const seconds = /\bsleep\s+(\d+)/.exec(command)?.[1];
  if (seconds === undefined) throw new Error(`preStop does something other than sleep: ${command}`);
  return Number(seconds);
}

function egressPorts(policy: KubeObject): string[] {
  const egress = (policy.spec as { egress?: { ports?: { port: number | string; protocol?: string }[] }[] }).egress;
  return (egress ?? [])
    .flatMap((rule) => {
      // A rule without ports allows every port: say so rather than hide it.
      if (!rule.ports || rule.ports.length === 0) return ['any port'];
      return rule.ports.map((port) => `${port.port}/${port.protocol ?? 'TCP'}`);
    })
    .sort();
}

const builds = new Map<string, Build>();
beforeAll(() => {
  for (const dir of [BASE, EMBEDDED]) builds.set(dir, build(dir));
});

describe.each([
  { dir: BASE, replicas: 2 },
  { dir: EMBEDDED, replicas: 1 },
])('$dir', ({ dir, replicas }) => {
  const objects = () => builds.get(dir)!.objects;
  const deployment = () => one(objects(), 'Deployment');
  const container = () => {
    const containers = podSpec(deployment()).containers;
    expect(containers).toHaveLength(1);
    return containers[0];
  };

  it('is built by kubectl kustomize when kubectl is there', () => {
    expect(builds.get(dir)!.by).toBe(kubectlMissing ? 'in-process' : 'kubectl');
    expect(objects().length).toBeGreaterThan(3);
  });

  it('holds only objects that are valid against the Kubernetes API schemas, with no unknown field', () => {
    for (const object of objects()) validateObject(object);
    expect(typeErrors(objects())).toEqual([]);
  });

  it("runs the image the Dockerfile builds, named and tagged after package.json's name and version", () => {
    expect(container().image).toBe(`${pkg.name}:${pkg.version}`);
  });

  it.skipIf(kubectlMissing)(`runs ${replicas} replica(s)`, () => {
    expect((deployment().spec as { replicas: number }).replicas).toBe(replicas);
  });

  it('is ready on /ready, alive on /health, and has a startup probe long enough for migrations', () => {
    const { readinessProbe, livenessProbe, startupProbe } = container() as Container & Record<string, Probe>;
    const http = container().ports!.find((port) => port.name === 'http')!;
    expect(readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(startupProbe.httpGet?.port).toBe('http');
    expect((startupProbe.periodSeconds ?? 10) * (startupProbe.failureThreshold ?? 3)).toBeGreaterThanOrEqual(120);
    // The probes' port is the one the service listens on, and the one the image exposes.
    expect(envOf(container()).PORT).toBe(String(http.containerPort));
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${http.containerPort}$`, 'm'));
  });

  it('runs as a non-root user with a read-only root filesystem, no privilege escalation, no capabilities', () => {
    const pod = podSpec(deployment());
    const security = container().securityContext as Record<string, unknown> & { capabilities?: { drop?: string[] } };
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(pod.securityContext?.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(security.readOnlyRootFilesystem).toBe(true);
    expect(security.allowPrivilegeEscalation).toBe(false);
    expect(security.capabilities?.drop).toEqual(['ALL']);
    // The image's user: USER node is uid 1000 in the node images.
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(pod.securityContext?.runAsUser).toBe(1000);
  });

  it('gives the shutdown its delay once and a grace period that covers delay, deadline and a margin', () => {
    const env = envOf(container());
    // Set explicitly, so the grace period does not silently depend on the service's defaults.
    const delaySeconds = Number(env.SHUTDOWN_DELAY_MS) / 1000;
    const deadlineSeconds = Number(env.SHUTDOWN_TIMEOUT_MS) / 1000;
    expect(delaySeconds).toBeGreaterThan(0);
    expect(deadlineSeconds).toBeGreaterThan(0);
    const preStop = preStopSeconds(container());
    // Either a preStop sleep or the service's own delay waits for the endpoints to update, not both.
    expect(preStop === 0 || delaySeconds === 0, `preStop ${preStop} s and SHUTDOWN_DELAY_MS`).toBe(true);
    const grace = podSpec(deployment()).terminationGracePeriodSeconds ?? 30;
    expect(grace).toBeGreaterThanOrEqual(preStop + delaySeconds + deadlineSeconds + 5);
  });

  it('has CPU and memory requests and limits, each request within its limit', () => {
    const { requests, limits } = container().resources as Record<'requests' | 'limits', Record<string, string>>;
    for (const resource of ['cpu', 'memory']) {
      expect(quantity(requests[resource]), resource).toBeLessThanOrEqual(quantity(limits[resource]));
    }
  });

  it('sets only variables the service declares in src/config/app-config.ts', () => {
    const declared = declaredVariables();
    // The parsing itself works: variables that have long been there are found.
    expect([...declared]).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'ADMIN_API_KEY', 'DATA_DIR']));
    const set = (container().env ?? []).map((variable) => variable.name);
    expect(set.filter((name) => !declared.has(name))).toEqual([]);
  });

  it('reads its secrets from the Secret that secret.example.yaml shows, with every key it names', () => {
    const [example] = parseObjects(readFileSync(join(ROOT, SECRET_EXAMPLE), 'utf8'), SECRET_EXAMPLE);
    validateObject(example);
    const keys = Object.keys((example.stringData ?? example.data) as Record<string, string>);
    const refs = (container().env ?? []).flatMap((variable) =>
      variable.valueFrom?.secretKeyRef ? [{ variable: variable.name, ...variable.valueFrom.secretKeyRef }] : [],
    );
    expect(refs.map((ref) => ref.variable)).toEqual(expect.arrayContaining(['ADMIN_API_KEY', 'REDIS_URL']));
    for (const ref of refs) {
      expect(ref.name, `${ref.variable} comes from the example's Secret`).toBe(example.metadata.name);
      expect(ref.key, `${ref.variable} comes from the key of the same name`).toBe(ref.variable);
      expect(keys).toContain(ref.key);
      // Only REDIS_URL may be missing from the Secret: without it limits count per replica.
      expect(ref.optional === true, `${ref.variable} optional`).toBe(ref.variable === 'REDIS_URL');
    }
    // The Secret is not part of the kustomization: applying it would overwrite real credentials.
    expect(objects().filter((object) => object.kind === 'Secret')).toEqual([]);
  });

  it('exposes metrics on a named port that the Service, the scrape annotations and METRICS_PORT agree on', () => {
    const metrics = container().ports!.find((port) => port.name === 'metrics')!;
    expect(envOf(container()).METRICS_PORT).toBe(String(metrics.containerPort));
    const annotations = (deployment().spec as { template: { metadata: { annotations: Record<string, string> } } })
      .template.metadata.annotations;
    expect(annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(metrics.containerPort),
      'prometheus.io/path': '/metrics',
    });
    const service = one(objects(), 'Service');
    const spec = service.spec as { selector: Record<string, string>; ports: { name: string; targetPort: string }[] };
    expect(spec.ports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'http', targetPort: 'http' }),
        expect.objectContaining({ name: 'metrics', targetPort: 'metrics' }),
      ]),
    );
    // A ServiceMonitor selects the Service by label; the Service selects the pods.
    expect(service.metadata.labels).toMatchObject(spec.selector);
    expect(
      (deployment().spec as { template: { metadata: { labels: object } } }).template.metadata.labels,
    ).toMatchObject(spec.selector);
  });

  it('accepts traffic only on the API and metrics ports', () => {
    const policy = one(objects(), 'NetworkPolicy');
    const spec = policy.spec as {
      podSelector: { matchLabels: Record<string, string> };
      policyTypes: string[];
      ingress: { ports?: { port: string }[] }[];
    };
    expect(spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
    expect(spec.ingress.flatMap((rule) => rule.ports?.map((port) => port.port) ?? ['any port']).sort()).toEqual([
      'http',
      'metrics',
    ]);
    expect(
      (deployment().spec as { template: { metadata: { labels: object } } }).template.metadata.labels,
    ).toMatchObject(spec.podSelector.matchLabels);
  });
});

describe('base: replicas on PostgreSQL', () => {
  const objects = () => builds.get(BASE)!.objects;

  it('reaches only DNS, PostgreSQL and Redis', () => {
    expect(egressPorts(one(objects(), 'NetworkPolicy'))).toEqual(['53/TCP', '53/UDP', '5432/TCP', '6379/TCP']);
  });

  it('keeps one replica up through voluntary disruptions', () => {
    const budget = one(objects(), 'PodDisruptionBudget').spec as {
      minAvailable: number;
      selector: { matchLabels: object };
    };
    expect(budget.minAvailable).toBe(1);
    const labels = (one(objects(), 'Deployment').spec as { template: { metadata: { labels: object } } }).template
      .metadata.labels;
    expect(labels).toMatchObject(budget.selector.matchLabels);
  });

  it('takes DATABASE_URL and ADMIN_API_KEY from the Secret, REDIS_URL from it when it is there', () => {
    const [container] = podSpec(one(objects(), 'Deployment')).containers;
    const fromSecret = (container.env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef);
    expect(fromSecret.map((variable) => variable.name).sort()).toEqual(['ADMIN_API_KEY', 'DATABASE_URL', 'REDIS_URL']);
  });

  it.skipIf(kubectlMissing)('builds in-process to exactly what kubectl builds (the fallback without kubectl)', () => {
    const byName = (objects: KubeObject[]) =>
      Object.fromEntries(objects.map((object) => [`${object.kind}/${object.metadata.name}`, object]));
    expect(buildInProcess(BASE).patchesNotApplied).toEqual([]);
    expect(byName(buildInProcess(BASE).objects)).toEqual(byName(buildWithKubectl(BASE)));
  });
});

describe.skipIf(kubectlMissing)('overlays/embedded: one replica on the embedded database', () => {
  const objects = () => builds.get(EMBEDDED)!.objects;

  it('has no DATABASE_URL, and DATA_DIR on a persistent volume claim of the overlay', () => {
    const deployment = one(objects(), 'Deployment');
    const pod = podSpec(deployment);
    const [container] = pod.containers;
    const env = envOf(container);
    expect(Object.keys(env)).not.toContain('DATABASE_URL');
    expect(env.DATA_DIR).toBe(dockerfileEnv().DATA_DIR);
    const mounts = container.volumeMounts as { name: string; mountPath: string }[];
    const mount = mounts.find((candidate) => candidate.mountPath === env.DATA_DIR)!;
    const volume = pod.volumes!.find((candidate) => candidate.name === mount.name)!;
    const claim = one(objects(), 'PersistentVolumeClaim');
    expect(volume.persistentVolumeClaim?.claimName).toBe(claim.metadata.name);
    expect((claim.spec as { accessModes: string[] }).accessModes).toEqual(['ReadWriteOnce']);
  });

  it('replaces its one pod with Recreate, so two processes never open the data directory', () => {
    expect((one(objects(), 'Deployment').spec as { strategy: object }).strategy).toEqual({ type: 'Recreate' });
  });

  it('has no disruption budget that would block a node drain', () => {
    expect(objects().filter((object) => object.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  it('reaches only DNS and Redis: no PostgreSQL', () => {
    expect(egressPorts(one(objects(), 'NetworkPolicy'))).toEqual(['53/TCP', '53/UDP', '6379/TCP']);
  });
});

describe('the checks themselves', () => {
  const deployment = () => structuredClone(one(builds.get(BASE)!.objects, 'Deployment'));

  it('refuses an object that breaks the schema', () => {
    const broken = deployment();
    (broken.spec as { replicas: unknown }).replicas = 'two';
    expect(() => validateObject(broken)).toThrow(
      /Deployment kublr-network-requirements: .*spec\/replicas must be integer/,
    );
    const nameless = deployment();
    delete (podSpec(nameless).containers[0] as Partial<Container>).name;
    expect(() => validateObject(nameless)).toThrow(/containers\/0 must have required property name/);
  });

  it('refuses a field the API does not know, such as a misspelt probe', () => {
    const misspelt = deployment();
    const container = podSpec(misspelt).containers[0] as Record<string, unknown>;
    container.readinesProbe = container.readinessProbe;
    delete container.readinessProbe;
    expect(typeErrors([misspelt])).toEqual([
      expect.stringMatching(
        /Deployment kublr-network-requirements: .*'"readinesProbe"' does not exist in type 'IContainer'/,
      ),
    ]);
  });

  it('refuses a kind it does not know how to validate', () => {
    const object: KubeObject = { apiVersion: 'v1', kind: 'ConfigMapp', metadata: { name: 'x' } };
    expect(() => validateObject(object)).toThrow(/a kind the tests do not know how to validate/);
  });

  it('counts a rule without ports as reaching any port', () => {
    const policy: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'x' },
      spec: { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] },
    };
    expect(egressPorts(policy)).toEqual(['any port']);
  });
});
