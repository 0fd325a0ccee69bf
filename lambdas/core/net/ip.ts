/**
 * IPv4/IPv6 text parsing and formatting. Hand-written, strict parsers: snapshots and intents come
 * from people and tools, and a mis-read address silently changes what is reachable. Leading zeros
 * in IPv4 octets are refused (some tools read them as octal), as are zone ids and whitespace.
 * The `try*` variants return undefined instead of throwing so hot loops avoid exception costs.
 */

export class AddressParseError extends Error {
  override readonly name = 'AddressParseError';
  constructor(
    readonly text: string,
    expected: string,
  ) {
    super(`Invalid address ${JSON.stringify(text)}: expected ${expected}`);
  }
}

export const IPV4_MAX = 0xffffffff;
export const IPV6_MAX = (1n << 128n) - 1n;

export type Cidr = { version: 4; first: number; last: number } | { version: 6; first: bigint; last: bigint };

/** Parses `text[start, end)` as dotted-quad IPv4; -1 when it is not one. */
function scanIpv4(text: string, start: number, end: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
      digits++;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Reads the colon-separated groups of `text[start, end)` into `groups` (16-bit values). The last
 * field may be dotted IPv4 when `allowIpv4` (it fills two groups). Returns false on bad syntax.
 */
function scanGroups(text: string, start: number, end: number, allowIpv4: boolean, groups: number[]): boolean {
  if (start === end) return true;
  let fieldStart = start;
  for (let k = start; k <= end; k++) {
    if (k < end && text.charCodeAt(k) !== 58) continue;
    const len = k - fieldStart;
    if (len === 0) return false;
    if (k === end && allowIpv4) {
      const dot = text.indexOf('.', fieldStart);
      if (dot !== -1 && dot < end) {
        const v4 = scanIpv4(text, fieldStart, end);
        if (v4 < 0) return false;
        groups.push(Math.floor(v4 / 65536), v4 % 65536);
        return true;
      }
    }
    if (len > 4) return false;
    let group = 0;
    for (let p = fieldStart; p < k; p++) {
      const h = hexValue(text.charCodeAt(p));
      if (h < 0) return false;
      group = group * 16 + h;
    }
    groups.push(group);
    fieldStart = k + 1;
  }
  return true;
}

function groupsToBigint(groups: readonly number[], from: number, into: bigint): bigint {
  let value = into;
  for (let k = from; k < groups.length; k++) value = (value << 16n) | BigInt(groups[k]!);
  return value;
}

function scanIpv6(text: string, start: number, end: number): bigint | undefined {
  const gap = text.indexOf('::', start);
  const head: number[] = [];
  if (gap === -1 || gap >= end) {
    if (!scanGroups(text, start, end, true, head) || head.length !== 8) return undefined;
    return groupsToBigint(head, 0, 0n);
  }
  const second = text.indexOf('::', gap + 1);
  if (second !== -1 && second < end) return undefined;
  const tail: number[] = [];
  if (!scanGroups(text, start, gap, false, head) || !scanGroups(text, gap + 2, end, true, tail)) return undefined;
  if (head.length + tail.length > 7) return undefined;
  const hi = groupsToBigint(head, 0, 0n) << BigInt(16 * (8 - head.length));
  return hi | groupsToBigint(tail, 0, 0n);
}

export function tryParseIpv4(text: string): number | undefined {
  const v = scanIpv4(text, 0, text.length);
  return v < 0 ? undefined : v;
}

export function tryParseIpv6(text: string): bigint | undefined {
  return scanIpv6(text, 0, text.length);
}

export function parseIpv4(text: string): number {
  const v = scanIpv4(text, 0, text.length);
  if (v < 0) throw new AddressParseError(text, 'an IPv4 address such as 10.0.0.1');
  return v;
}

export function parseIpv6(text: string): bigint {
  const v = scanIpv6(text, 0, text.length);
  if (v === undefined) throw new AddressParseError(text, 'an IPv6 address such as 2001:db8::1');
  return v;
}

export function formatIpv4(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > IPV4_MAX) throw new RangeError(`Not an IPv4 address value: ${n}`);
  return `${Math.floor(n / 16777216)}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** RFC 5952: lowercase, no leading zeros, the longest (first on a tie) run of two or more zero groups as `::`; IPv4-mapped addresses in mixed notation. */
export function formatIpv6(n: bigint): string {
  if (n < 0n || n > IPV6_MAX) throw new RangeError(`Not an IPv6 address value: ${n}`);
  const hi = Number(n >> 64n);
  const lo = n & 0xffffffffffffffffn;
  if (hi === 0 && lo >> 32n === 0xffffn) return `::ffff:${formatIpv4(Number(lo & 0xffffffffn))}`;
  const groups = new Array<number>(8);
  for (let k = 0; k < 8; k++) groups[k] = Number((n >> BigInt(112 - 16 * k)) & 0xffffn);
  let bestStart = -1;
  let bestLen = 1;
  for (let k = 0; k < 8; ) {
    if (groups[k] !== 0) {
      k++;
      continue;
    }
    let e = k;
    while (e < 8 && groups[e] === 0) e++;
    if (e - k > bestLen) {
      bestStart = k;
      bestLen = e - k;
    }
    k = e;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

/** 4 or 6 when `text` is a valid address or CIDR of that family, otherwise undefined. */
export function ipVersion(text: string): 4 | 6 | undefined {
  return tryParseCidr(text)?.version;
}

/** Parses the prefix length after the slash; -1 when it is not a canonical decimal within `max`. */
function scanPrefix(text: string, start: number, max: number): number {
  const len = text.length - start;
  if (len < 1 || len > 3 || (len > 1 && text.charCodeAt(start) === 48)) return -1;
  let value = 0;
  for (let k = start; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value > max ? -1 : value;
}

/** Like parseCidr, but undefined instead of an error. */
export function tryParseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const end = slash === -1 ? text.length : slash;
  if (text.indexOf(':') === -1) {
    const addr = scanIpv4(text, 0, end);
    if (addr < 0) return undefined;
    if (slash === -1) return { version: 4, first: addr, last: addr };
    const prefix = scanPrefix(text, slash + 1, 32);
    if (prefix < 0) return undefined;
    const size = 2 ** (32 - prefix);
    const first = addr - (addr % size);
    return { version: 4, first, last: first + size - 1 };
  }
  const addr = scanIpv6(text, 0, end);
  if (addr === undefined) return undefined;
  if (slash === -1) return { version: 6, first: addr, last: addr };
  const prefix = scanPrefix(text, slash + 1, 128);
  if (prefix < 0) return undefined;
  const hostMask = (1n << BigInt(128 - prefix)) - 1n;
  const first = addr & ~hostMask;
  return { version: 6, first, last: first | hostMask };
}

/**
 * An IPv4 or IPv6 CIDR, or a bare address (= /32 or /128). Host bits are masked, as EC2 does
 * when it stores a rule's CIDR (`10.0.0.5/8` is `10.0.0.0/8`).
 */
export function parseCidr(text: string): Cidr {
  const cidr = tryParseCidr(text);
  if (cidr === undefined)
    throw new AddressParseError(text, 'a CIDR such as 10.0.0.0/16 or 2001:db8::/32, or a single address');
  return cidr;
}
