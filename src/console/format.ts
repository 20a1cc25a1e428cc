/** How the console shows numbers, times and message bytes. */
import { Html, html } from './html';

/** Text longer than this is cut (the page stays usable with large messages). */
const MAX_TEXT_CHARS = 8192;
/** Binary values show at most this many bytes as hex. */
const MAX_HEX_BYTES = 1024;
const HEX_BYTES_PER_LINE = 16;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** ISO 8601 in UTC; '—' for Kafka's "no timestamp" (−1). */
export function formatTime(ms: number): string {
  return ms >= 0 && Number.isFinite(ms) ? new Date(ms).toISOString() : '—';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Control characters other than tab, line feed and carriage return mark a value as binary. */
const BINARY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A key, value or header value: UTF-8 text as text, JSON objects and arrays pretty-printed, anything else as hex. */
export function renderPayload(bytes: Buffer | null): Html {
  if (bytes === null) return html`<span class="muted">null</span>`;
  if (bytes.length === 0) return html`<span class="muted">(empty)</span>`;
  const text = textOf(bytes);
  if (text === null) return renderHex(bytes);
  const json = prettyJson(text);
  if (json !== null) return html`<pre class="payload json">${cut(json)}</pre>`;
  return html`<pre class="payload">${cut(text)}</pre>`;
}

function textOf(bytes: Buffer): string | null {
  try {
    const text = utf8.decode(bytes);
    return BINARY_CONTROL.test(text) ? null : text;
  } catch {
    return null;
  }
}

function cut(text: string): Html {
  if (text.length <= MAX_TEXT_CHARS) return html`${text}`;
  return html`${text.slice(0, MAX_TEXT_CHARS)}<span class="muted">… ${formatCount(text.length - MAX_TEXT_CHARS)} more characters</span>`;
}

function renderHex(bytes: Buffer): Html {
  const shown = bytes.subarray(0, MAX_HEX_BYTES);
  const lines: string[] = [];
  for (let pos = 0; pos < shown.length; pos += HEX_BYTES_PER_LINE) {
    const chunk = shown.subarray(pos, pos + HEX_BYTES_PER_LINE);
    const hex = [...chunk].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...chunk].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${pos.toString(16).padStart(4, '0')}  ${hex.padEnd(HEX_BYTES_PER_LINE * 3 - 1)}  ${ascii}`);
  }
  const more = bytes.length - shown.length;
  return html`<span class="tag">binary, ${formatCount(bytes.length)} bytes</span><pre class="payload hex">${lines.join('\n')}${
    more > 0 ? html`\n<span class="muted">… ${formatCount(more)} more bytes</span>` : ''
  }</pre>`;
}

/**
 * A JSON object or array, indented; null for anything else (plain numbers and strings stay text).
 * Re-indents the original text instead of JSON.stringify(JSON.parse()), so that numbers beyond
 * double precision are shown exactly as they were sent.
 */
export function prettyJson(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return null;
  try {
    JSON.parse(trimmed);
  } catch {
    return null;
  }
  let out = '';
  let depth = 0;
  const newline = (): string => '\n' + '  '.repeat(depth);
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (c === '"') {
      const end = endOfString(trimmed, i);
      out += trimmed.slice(i, end);
      i = end - 1;
    } else if (c === '{' || c === '[') {
      const next = nextSignificant(trimmed, i + 1);
      if (trimmed[next] === (c === '{' ? '}' : ']')) {
        out += c + trimmed[next];
        i = next;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') {
      out += ',' + newline();
    } else if (c === ':') {
      out += ': ';
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') {
      out += c;
    }
  }
  return out;
}

/** Index just past the closing quote of the JSON string starting at start. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

function nextSignificant(text: string, from: number): number {
  let i = from;
  while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  return i;
}
