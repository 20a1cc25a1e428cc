/**
 * SubscribedTopicRegex: Kafka compiles it with RE2/J and a topic matches when the whole name
 * matches. This turns the RE2 syntax clients use into an anchored JS RegExp: (?P<name>…) named
 * groups, \A and \z anchors, \Q…\E quoting, leading (?i)/(?s)/(?m) flags, [[:alpha:]]-style
 * classes. What RE2 itself refuses (lookaround, backreferences) is refused here too, so the
 * member gets INVALID_REGULAR_EXPRESSION as from Kafka.
 */
const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Compiled patterns: heartbeats re-resolve the same few regexes over and over. */
const cache = new Map<string, RegExp | null>();
const CACHE_LIMIT = 1000;

/** An anchored RegExp equivalent to the RE2 pattern, or null if the pattern is invalid. */
export function compileTopicRegex(re2: string): RegExp | null {
  let compiled = cache.get(re2);
  if (compiled === undefined) {
    compiled = translate(re2);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(re2, compiled);
  }
  return compiled;
}

function translate(re2: string): RegExp | null {
  let source = re2;
  let flags = '';
  const leading = /^\(\?([ims]+)\)/.exec(source);
  if (leading) {
    flags = [...new Set(leading[1])].join('');
    source = source.slice(leading[0].length);
  }
  // Lookaround and backreferences do not exist in RE2.
  if (/\(\?<?[=!]/.test(source) || /(^|[^\\])(\\\\)*\\[1-9]/.test(source)) return null;
  source = source
    .replace(/\\Q([\s\S]*?)(\\E|$)/g, (_, text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, neg: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      if (cls === undefined) return whole;
      return neg ? `^${cls}` : cls; // negation only valid first in a class, as in RE2
    });
  try {
    return new RegExp(`^(?:${source})$`, flags);
  } catch {
    return null;
  }
}
