/**
 * A strict reader of Prometheus' text exposition format (0.0.4) for the tests: it throws on
 * anything a Prometheus server would reject or that breaks the format's rules (bad names, bad
 * escapes, samples before their TYPE, a family split in two, duplicate series, histogram buckets
 * that are not cumulative or disagree with _count).
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
  help: Map<string, string>;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheusText(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a line feed');
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: Sample[] = [];
  const seenSeries = new Set<string>();
  const finishedFamilies = new Set<string>();
  let currentFamily: string | null = null;

  const enterFamily = (family: string, lineNo: number) => {
    if (family === currentFamily) return;
    if (finishedFamilies.has(family)) throw new Error(`line ${lineNo}: family ${family} appears in two places`);
    if (currentFamily !== null) finishedFamilies.add(currentFamily);
    currentFamily = family;
  };

  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, i) => {
      const lineNo = i + 1;
      if (line.startsWith('#')) {
        const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
        if (!m) throw new Error(`line ${lineNo}: malformed comment: ${line}`);
        const [, kind, name, rest] = m;
        if (!METRIC_NAME.test(name)) throw new Error(`line ${lineNo}: bad metric name ${name}`);
        enterFamily(name, lineNo);
        if (kind === 'TYPE') {
          if (!TYPES.has(rest)) throw new Error(`line ${lineNo}: unknown type ${rest}`);
          if (types.has(name)) throw new Error(`line ${lineNo}: second TYPE for ${name}`);
          if (samples.some((s) => familyOf(s.name, types) === name)) throw new Error(`line ${lineNo}: TYPE after samples of ${name}`);
          types.set(name, rest);
        } else {
          if (help.has(name)) throw new Error(`line ${lineNo}: second HELP for ${name}`);
          help.set(name, unescape(rest, false, lineNo));
        }
        return;
      }
      const sample = parseSample(line, lineNo);
      const family = familyOf(sample.name, types);
      if (!types.has(family)) throw new Error(`line ${lineNo}: sample ${sample.name} has no TYPE before it`);
      enterFamily(family, lineNo);
      const series = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
      if (seenSeries.has(series)) throw new Error(`line ${lineNo}: duplicate series ${series}`);
      seenSeries.add(series);
      samples.push(sample);
    });

  for (const [family, type] of types) if (type === 'histogram') checkHistogram(family, samples);
  return { samples, types, help };
}

/** The family a sample belongs to: histogram samples carry a suffix. */
function familyOf(name: string, types: Map<string, string>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && types.get(base) === 'histogram') return base;
  }
  return name;
}

function parseSample(line: string, lineNo: number): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?\d+)?$/.exec(line);
  if (!m) throw new Error(`line ${lineNo}: malformed sample: ${line}`);
  const [, name, labelText, valueText] = m;
  const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : valueText === 'NaN' ? NaN : Number(valueText);
  if (!/^(\+Inf|-Inf|NaN|[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)$/.test(valueText)) throw new Error(`line ${lineNo}: bad value ${valueText}`);
  return { name, labels: labelText ? parseLabels(labelText.slice(1, -1), lineNo) : {}, value };
}

function parseLabels(text: string, lineNo: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let pos = 0;
  while (pos < text.length) {
    const eq = text.indexOf('=', pos);
    if (eq < 0) throw new Error(`line ${lineNo}: label without value`);
    const name = text.slice(pos, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`line ${lineNo}: bad label name ${name}`);
    if (name in labels) throw new Error(`line ${lineNo}: label ${name} twice`);
    if (text[eq + 1] !== '"') throw new Error(`line ${lineNo}: label value must be quoted`);
    let end = eq + 2;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    if (end >= text.length) throw new Error(`line ${lineNo}: unterminated label value`);
    labels[name] = unescape(text.slice(eq + 2, end), true, lineNo);
    pos = end + 1;
    if (pos < text.length) {
      if (text[pos] !== ',') throw new Error(`line ${lineNo}: expected ',' between labels`);
      pos++;
    }
  }
  return labels;
}

/** Label values may escape \\, \" and \n; help text only \\ and \n. */
function unescape(text: string, quotes: boolean, lineNo: number): string {
  if (!quotes && text.includes('\n')) throw new Error(`line ${lineNo}: raw line feed`);
  return text.replace(/\\(.?)/g, (_, c: string) => {
    if (c === 'n') return '\n';
    if (c === '\\') return '\\';
    if (c === '"' && quotes) return '"';
    throw new Error(`line ${lineNo}: bad escape \\${c}`);
  });
}

function checkHistogram(family: string, samples: Sample[]): void {
  const seriesKey = (labels: Record<string, string>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([k]) => k !== 'le')
        .sort(),
    );
  const buckets = new Map<string, { le: number; value: number }[]>();
  for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
    if (s.labels.le === undefined) throw new Error(`${family}_bucket without le`);
    const key = seriesKey(s.labels);
    buckets.set(key, [...(buckets.get(key) ?? []), { le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), value: s.value }]);
  }
  for (const [key, list] of buckets) {
    for (let i = 1; i < list.length; i++) {
      if (!(list[i].le > list[i - 1].le)) throw new Error(`${family}${key}: buckets not in increasing le order`);
      if (list[i].value < list[i - 1].value) throw new Error(`${family}${key}: buckets not cumulative`);
    }
    const last = list[list.length - 1];
    if (last.le !== Infinity) throw new Error(`${family}${key}: no +Inf bucket`);
    const count = samples.find((s) => s.name === `${family}_count` && seriesKey(s.labels) === key);
    const sum = samples.find((s) => s.name === `${family}_sum` && seriesKey(s.labels) === key);
    if (!count || !sum) throw new Error(`${family}${key}: missing _count or _sum`);
    if (count.value !== last.value) throw new Error(`${family}${key}: +Inf bucket ${last.value} != _count ${count.value}`);
  }
}

/** The value of the one sample with this name and exactly these labels, or undefined. */
export function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  return exposition.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want)?.value;
}
