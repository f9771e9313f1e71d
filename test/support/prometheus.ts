import { spawnSync } from 'node:child_process';

/** One series of a family: a counter's or gauge's value, a histogram's count, sum and buckets. */
export interface Series {
  readonly labels: Readonly<Record<string, string>>;
  value?: number;
  count?: number;
  sum?: number;
  readonly buckets: Map<string, number>;
}

export interface Family {
  readonly name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  readonly series: Series[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * A scrape, read by a strict parser of the Prometheus text format (version 0.0.4): every
 * line must be a HELP, a TYPE, a comment or a well-formed sample, or the parse fails with
 * the line. (promtool, when installed, checks the same text; this parser is for reading
 * values in the tests.)
 */
export class Scrape {
  readonly families = new Map<string, Family>();

  constructor(readonly text: string) {
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      try {
        this.read(line);
      } catch (error) {
        throw new Error(`line ${index + 1} is not Prometheus text (${(error as Error).message}): ${line}`, {
          cause: error,
        });
      }
    });
  }

  family(name: string): Family {
    const family = this.families.get(name);
    if (family === undefined) throw new Error(`no metric ${name} in the scrape`);
    return family;
  }

  /**
   * The sum over the series of `name` whose labels include `labels`: of their values for a
   * counter or gauge, of their observation counts for a histogram. 0 when none matches.
   */
  value(name: string, labels: Readonly<Record<string, string>> = {}): number {
    let total = 0;
    for (const series of this.family(name).series) {
      if (!Object.entries(labels).every(([label, value]) => series.labels[label] === value)) continue;
      total += series.count ?? series.value ?? 0;
    }
    return total;
  }

  /** Every value label `label` takes in the series of `name`. */
  labelValues(name: string, label: string): Set<string> {
    return new Set(this.family(name).series.flatMap((series) => series.labels[label] ?? []));
  }

  private read(line: string): void {
    if (line === '') return;
    if (line.startsWith('#')) {
      const [, keyword, name, rest] = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line) ?? [];
      if (keyword === undefined) return; // a comment
      if (METRIC_NAME.exec(name)?.[0] !== name) throw new Error('bad metric name');
      const family = this.familyNamed(name);
      if (keyword === 'HELP') family.help = rest.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
      else if (TYPES.has(rest)) family.type = rest as Family['type'];
      else throw new Error(`unknown type "${rest}"`);
      return;
    }
    const name = METRIC_NAME.exec(line)?.[0];
    if (name === undefined) throw new Error('no metric name');
    let rest = line.slice(name.length);
    const labels: Record<string, string> = {};
    if (rest.startsWith('{')) rest = readLabels(rest.slice(1), labels);
    const [value, timestamp, extra] = rest.trim().split(/\s+/);
    if (!rest.startsWith(' ') || extra !== undefined) throw new Error('expected a value and an optional timestamp');
    if (timestamp !== undefined && !/^-?\d+$/.test(timestamp)) throw new Error('bad timestamp');
    const number = readNumber(value);
    this.addSample(name, labels, number);
  }

  private addSample(name: string, labels: Record<string, string>, value: number): void {
    const suffix = /_(bucket|sum|count)$/.exec(name);
    const base = suffix ? name.slice(0, -suffix[0].length) : name;
    const family = this.families.get(base);
    if (suffix && family && (family.type === 'histogram' || family.type === 'summary')) {
      const { le, ...own } = labels;
      const series = this.seriesOf(family, own);
      if (suffix[1] === 'sum') series.sum = value;
      else if (suffix[1] === 'count') series.count = value;
      else if (family.type === 'histogram' && le !== undefined) series.buckets.set(le, value);
      else throw new Error('a bucket without "le"');
      return;
    }
    const own = this.families.get(name) ?? this.familyNamed(name);
    const series = this.seriesOf(own, labels);
    if (series.value !== undefined) throw new Error('a series given twice');
    series.value = value;
  }

  private familyNamed(name: string): Family {
    let family = this.families.get(name);
    if (family === undefined) {
      family = { name, help: '', type: 'untyped', series: [] };
      this.families.set(name, family);
    }
    return family;
  }

  private seriesOf(family: Family, labels: Record<string, string>): Series {
    const key = JSON.stringify(Object.entries(labels).sort());
    let series = family.series.find((candidate) => JSON.stringify(Object.entries(candidate.labels).sort()) === key);
    if (series === undefined) {
      series = { labels, buckets: new Map() };
      family.series.push(series);
    }
    return series;
  }
}

/** `name="value",...}` into `labels`; returns what follows the closing brace. */
function readLabels(text: string, labels: Record<string, string>): string {
  let rest = text;
  for (;;) {
    if (rest.startsWith('}')) return rest.slice(1);
    const name = LABEL_NAME.exec(rest)?.[0];
    if (name === undefined || !rest.startsWith(`${name}="`, 0)) throw new Error('bad label');
    rest = rest.slice(name.length + 2);
    let value = '';
    let i = 0;
    for (; i < rest.length && rest[i] !== '"'; i++) {
      if (rest[i] !== '\\') {
        value += rest[i];
        continue;
      }
      const escaped = rest[++i];
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else throw new Error('bad escape in a label value');
    }
    if (i === rest.length) throw new Error('unterminated label value');
    if (name in labels) throw new Error(`label ${name} given twice`);
    labels[name] = value;
    rest = rest.slice(i + 1);
    if (rest.startsWith(',')) rest = rest.slice(1);
    else if (!rest.startsWith('}')) throw new Error('expected , or }');
  }
}

/** A sample value as Go's ParseFloat reads it (Prometheus does): NaN and Inf in any case, e.g. prom-client's "Nan". */
function readNumber(text: string | undefined): number {
  if (text === undefined) throw new Error('no value');
  if (/^nan$/i.test(text)) return NaN;
  const infinity = /^([-+]?)inf(inity)?$/i.exec(text);
  if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error('bad value');
  return Number(text);
}

/**
 * Prometheus' own linter (Debian package `prometheus`; PROMTOOL names another binary), or
 * why it cannot be run here.
 */
export function findPromtool(): { path: string } | { missing: string } {
  const path = process.env.PROMTOOL ?? 'promtool';
  const found = spawnSync(path, ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    return {
      missing: `${path} cannot be run (apt-get install prometheus installs promtool): the check by Prometheus’ own linter is skipped`,
    };
  }
  return { path };
}

/**
 * `promtool check metrics` on `text`: its exit status (0 clean, 3 lint remarks, 1 text it
 * could not parse) and what it printed, one problem a line.
 */
export function promtoolCheck(promtool: string, text: string): { status: number | null; output: string } {
  const run = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}
