import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

export const ROOT = resolve(__dirname, '..', '..');

/** A Kubernetes object as kustomize prints it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/**
 * The kinds deploy/kubernetes may contain, each with the model of kubernetes-models that
 * validates it against the Kubernetes API's schema. Anything else is refused: a kind
 * nobody checks would pass unchecked.
 */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'v1 Secret': Secret,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1 NetworkPolicy': NetworkPolicy,
};

/** Validates one object against the API schema of its kind; throws naming the object and the problem. */
export function validateObject(object: KubeObject): void {
  const Model = MODELS[`${object.apiVersion} ${object.kind}`];
  const name = `${object.apiVersion} ${object.kind} ${object.metadata?.name ?? '(no name)'}`;
  if (!Model) throw new Error(`${name}: a kind the tests do not know how to validate`);
  try {
    new Model(object as never).validate();
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Fields the Kubernetes API does not know. The schema validation above lets unknown
 * fields through (the API's OpenAPI schemas do not forbid them, and the API server only
 * warns), so a misspelt `readinesProbe` would pass it and be dropped by the cluster. The
 * TypeScript interfaces of kubernetes-models list every field: each object is type-checked
 * as an object literal of its kind's interface, where TypeScript refuses excess properties.
 */
export function typeErrors(objects: readonly KubeObject[]): string[] {
  const file = join(ROOT, 'test', '__kubernetes_objects__.ts');
  const source = objects
    .map(
      (object) =>
        `export const ${identifier(object)}: import('kubernetes-models/${object.apiVersion}/${object.kind}').I${object.kind} = ${JSON.stringify(object)};`,
    )
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2023,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    resolve(name) === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => resolve(name) === file || fileExists(name);
  host.readFile = (name) => (resolve(name) === file ? source : readFile(name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
        : -1;
    const object = objects[line];
    const where = object ? `${object.kind} ${object.metadata?.name}` : (diagnostic.file?.fileName ?? 'compiler');
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}

function identifier(object: KubeObject): string {
  return `${object.kind}_${object.metadata?.name ?? ''}`.replace(/[^A-Za-z0-9_]/g, '_');
}

/** How a kustomization was built: by kubectl's kustomize, or (without kubectl) in-process. */
export interface Build {
  readonly objects: KubeObject[];
  readonly by: 'kubectl' | 'in-process';
  /** Patches the in-process reading did not apply (it only reads resources and images). */
  readonly patchesNotApplied: string[];
}

/** Why kubectl cannot build here, or undefined when it can. */
export const kubectlMissing: string | undefined = (() => {
  const result = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (result.error) return `kubectl cannot run (${result.error.message})`;
  if (result.status !== 0) return `kubectl version --client failed: ${result.stderr.trim()}`;
  return undefined;
})();

/** `kubectl kustomize <dir>`, or the in-process reading when kubectl cannot run. */
export function build(dir: string): Build {
  if (kubectlMissing) return buildInProcess(dir);
  return { objects: buildWithKubectl(dir), by: 'kubectl', patchesNotApplied: [] };
}

export function buildWithKubectl(dir: string): KubeObject[] {
  const result = spawnSync('kubectl', ['kustomize', join(ROOT, dir)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr || result.error}`);
  return parseObjects(result.stdout, dir);
}

/**
 * The objects a kustomization lists under `resources` (files, and directories with their
 * own kustomization), with its `images` applied. Patches are listed, not applied.
 */
export function buildInProcess(dir: string): Build {
  const path = join(ROOT, dir);
  const kustomization = readYaml(join(path, 'kustomization.yaml')) as {
    resources?: string[];
    images?: { name: string; newName?: string; newTag?: string }[];
    patches?: { path?: string }[];
  };
  const objects: KubeObject[] = [];
  const patchesNotApplied: string[] = [];
  for (const resource of kustomization.resources ?? []) {
    const target = join(path, resource);
    if (statSync(target).isDirectory()) {
      const inner = buildInProcess(join(dir, resource));
      objects.push(...inner.objects);
      patchesNotApplied.push(...inner.patchesNotApplied);
    } else {
      objects.push(...parseObjects(readFileSync(target, 'utf8'), join(dir, resource)));
    }
  }
  for (const patch of kustomization.patches ?? []) {
    const patchPath = patch.path ? join(path, patch.path) : undefined;
    // Read all the same, so a patch that is not even YAML fails here too.
    if (patchPath) parseObjects(readFileSync(patchPath, 'utf8'), join(dir, patch.path!));
    patchesNotApplied.push(join(dir, patch.path ?? '(inline patch)'));
  }
  for (const image of kustomization.images ?? []) {
    for (const container of objects.flatMap(containersOf)) {
      const [name, tag] = container.image.split(':');
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}:${image.newTag ?? tag ?? 'latest'}`;
    }
  }
  return { objects, by: 'in-process', patchesNotApplied };
}

function readYaml(file: string): unknown {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  return parseObjects(readFileSync(file, 'utf8'), file)[0];
}

/** Every YAML document of `text`; a YAML error fails naming `origin`. */
export function parseObjects(text: string, origin: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${origin}: ${document.errors[0].message}`);
      return document.toJS() as KubeObject | null;
    })
    .filter((object): object is KubeObject => object !== null);
}

export interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }[];
  [field: string]: unknown;
}

export function containersOf(object: KubeObject): Container[] {
  const spec = object.spec as { template?: { spec?: { containers?: Container[] } } } | undefined;
  return spec?.template?.spec?.containers ?? [];
}
