/**
 * The page shell every console page shares: navigation, inline CSS, and the one inline script
 * (live rates). Nothing is loaded from anywhere else; the Content-Security-Policy allows exactly
 * this style and this script (by hash), so markup that escaped escaping still could not run.
 */
import { createHash } from 'node:crypto';
import { Html, html } from './html';

export type Section = 'overview' | 'topics' | 'groups';

const STYLE = `
:root { --fg: #1d2330; --muted: #6b7385; --line: #e3e6ec; --bg: #f6f7f9; --accent: #2f5fd0; --warn: #b4550b; --bad: #b3261e; --ok: #1f7a45; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { background: #1d2330; color: #fff; padding: 0 24px; display: flex; align-items: center; gap: 24px; height: 48px; }
header .brand { font-weight: 700; font-size: 16px; letter-spacing: .3px; }
header nav a { color: #c9d1e3; text-decoration: none; margin-right: 18px; padding: 14px 0; }
header nav a.active, header nav a:hover { color: #fff; border-bottom: 2px solid #7aa2ff; }
main { padding: 20px 24px 40px; max-width: 1280px; }
h1 { font-size: 22px; margin: 4px 0 16px; word-break: break-all; }
h2 { font-size: 16px; margin: 28px 0 10px; }
a { color: var(--accent); }
.crumbs { color: var(--muted); margin-bottom: 4px; }
.crumbs a { color: var(--muted); }
table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef0f4; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.kv { width: auto; min-width: 420px; }
table.kv th { width: 180px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; min-width: 170px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .4px; }
.card .value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; background: #eef0f4; color: var(--muted); margin-right: 4px; }
.tag.bad { background: #fbe9e7; color: var(--bad); }
.tag.warn { background: #fff3e0; color: var(--warn); }
.tag.ok { background: #e6f4ea; color: var(--ok); }
.lag { font-weight: 600; color: var(--warn); }
.lag.zero { color: var(--ok); font-weight: 400; }
pre.payload { margin: 0; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-all; max-height: 320px; overflow: auto; }
pre.hex { white-space: pre; }
code, td.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
table.messages td:nth-child(2) { white-space: nowrap; }
table.messages td:nth-child(3) { max-width: 240px; }
td.headers div { margin-bottom: 2px; }
td.headers pre.payload { display: inline; }
tr.marker td { background: #f3f4f8; color: var(--muted); font-style: italic; }
tr.aborted td { background: #fdf1f0; }
tr.open td { background: #fffaf0; }
form.browse { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; background: #fff; border: 1px solid var(--line); padding: 12px; margin-bottom: 12px; }
form.browse label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
form.browse input, form.browse select { font: inherit; padding: 4px 6px; border: 1px solid #c8cdd8; border-radius: 4px; }
form.browse button { font: inherit; padding: 5px 14px; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
.notice { background: #fff3e0; border: 1px solid #f3d19e; padding: 8px 12px; margin-bottom: 12px; }
.error { background: #fbe9e7; border: 1px solid #f0b4ad; padding: 8px 12px; margin-bottom: 12px; }
.pager { margin: 10px 0; display: flex; gap: 16px; }
.empty { color: var(--muted); padding: 12px 0; }
`;

/**
 * Live numbers: polls /api/stats every second and fills every element with data-rate (records or
 * bytes per second of one topic, or of all, from the difference of two samples), data-count (a
 * total) or data-stat (a broker-wide value).
 */
const LIVE_SCRIPT = `(function () {
  var prev = null;
  function human(n, bytes) {
    if (!bytes) return n < 10 && n > 0 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US');
    var units = ['B', 'KiB', 'MiB', 'GiB'], i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? Math.round(n) : n.toFixed(1)) + ' ' + units[i];
  }
  function tick() {
    fetch('/api/stats', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (s) {
      var topics = {};
      s.topics.forEach(function (t) { topics['t:' + t.name] = t; });
      if (prev) {
        var seconds = (s.time - prev.stats.time) / 1000;
        document.querySelectorAll('[data-rate]').forEach(function (el) {
          var name = el.getAttribute('data-topic');
          var now = name === null ? s.total : topics['t:' + name];
          var before = name === null ? prev.stats.total : prev.topics['t:' + name];
          var field = el.getAttribute('data-rate');
          var rate = now && before && seconds > 0 ? Math.max(0, (now[field] - before[field]) / seconds) : 0;
          el.textContent = human(rate, field.indexOf('bytes') === 0) + '/s';
        });
      }
      document.querySelectorAll('[data-count]').forEach(function (el) {
        var name = el.getAttribute('data-topic');
        var now = name === null ? s.total : topics['t:' + name];
        if (now) el.textContent = now[el.getAttribute('data-count')].toLocaleString('en-US');
      });
      document.querySelectorAll('[data-stat]').forEach(function (el) { el.textContent = String(s[el.getAttribute('data-stat')]); });
      prev = { stats: s, topics: topics };
    }).catch(function () {}).then(function () { setTimeout(tick, 1000); });
  }
  tick();
})();`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(LIVE_SCRIPT)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface PageOptions {
  title: string;
  section: Section;
  /** Include the live rates script (pages with data-rate / data-stat elements). */
  live?: boolean;
}

export function page({ title, section, live }: PageOptions, body: Html): string {
  const link = (href: string, name: Section, label: string) => html`<a href="${href}" class="${name === section ? 'active' : ''}">${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title} · minikafka</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<header><span class="brand">minikafka</span><nav>${link('/', 'overview', 'Overview')}${link('/topics', 'topics', 'Topics')}${link('/groups', 'groups', 'Groups')}<a href="/metrics">Metrics</a></nav></header>
<main>
${body}
</main>
${live ? html`<script>${new Html(LIVE_SCRIPT)}</script>` : ''}
</body>
</html>
`.markup;
}
