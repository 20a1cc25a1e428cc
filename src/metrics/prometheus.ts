/**
 * Prometheus' text exposition format (version 0.0.4): one `# HELP` and `# TYPE` line per metric
 * family, then its samples, `name{label="value",...} number`, one per line.
 */

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge' | 'histogram';
export type Labels = Readonly<Record<string, string | number>>;

export class PrometheusText {
  private readonly lines: string[] = [];

  /** Start a metric family; its samples follow. */
  family(name: string, type: MetricType, help: string): this {
    this.lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
    return this;
  }

  sample(name: string, labels: Labels, value: number): this {
    this.lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
    return this;
  }

  /**
   * A histogram's samples: cumulative `_bucket` counts per upper bound, then `+Inf`, `_sum` and
   * `_count`. `counts` are per bucket (not cumulative); `count` includes those above every bound.
   */
  histogram(name: string, labels: Labels, bounds: readonly number[], counts: ArrayLike<number>, sum: number, count: number): this {
    let cumulative = 0;
    for (let i = 0; i < bounds.length; i++) {
      cumulative += counts[i];
      this.sample(`${name}_bucket`, { ...labels, le: formatValue(bounds[i]) }, cumulative);
    }
    this.sample(`${name}_bucket`, { ...labels, le: '+Inf' }, count);
    this.sample(`${name}_sum`, labels, sum);
    return this.sample(`${name}_count`, labels, count);
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

function formatLabels(labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length === 0) return '';
  return `{${names.map((n) => `${n}="${escapeLabelValue(String(labels[n]))}"`).join(',')}}`;
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Help text escapes backslash and line feed. */
function escapeHelp(help: string): string {
  return help.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
