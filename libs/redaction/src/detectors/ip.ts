import { isIP } from 'node:net';
import type { PiiMatch } from '../pii-kinds';

/**
 * IPv4 and IPv6 addresses. Candidates are cut out of the text by shape; `node:net`'s `isIP` decides
 * (dotted-quad decimal without leading zeros, RFC 4291 § 2.2 text forms with `::` and an embedded IPv4,
 * an RFC 4007 zone). A dotted quad inside a longer dotted run (`1.2.3.4.5`), after a `v` (`v1.2.3.4`) or
 * followed by `-`/`+` and more (`1.2.3.4-rc1`) is a version, not an address.
 *
 * @example findIps('from 203.0.113.7 and 2001:db8::1') // two matches
 */
const IPV4 = /(?<![\w.:-])\d{1,3}(?:\.\d{1,3}){3}(?!\w|[.+-]\w)/g;
const IPV6 =
  /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?(?:%[\w.]+)?(?![\w:]|\.\d)/g;

export function findIps(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  for (const m of text.matchAll(IPV4))
    if (isIP(m[0]) === 4) found.push({ kind: 'ip', start: m.index, end: m.index + m[0].length });
  if (text.includes(':')) {
    for (const m of text.matchAll(IPV6)) {
      // `::` alone and `C::` in code (`std::vector`'s neighbour) parse as addresses; an address has a digit.
      if (!/\d/.test(m[0]) || isIP(m[0]) !== 6) continue;
      found.push({ kind: 'ip', start: m.index, end: m.index + m[0].length });
    }
  }
  return found;
}
