/** IP protocol numbers as EC2 security groups and network ACLs spell them. */

/** An IANA IP protocol number, 0..255. */
export type ProtocolNumber = number;

export const ICMP = 1;
export const TCP = 6;
export const UDP = 17;
export const ICMPV6 = 58;

export const MAX_PROTOCOL = 255;

export class ProtocolParseError extends Error {
  override readonly name = 'ProtocolParseError';
  constructor(readonly text: string) {
    super(`Invalid protocol ${JSON.stringify(text)}: expected tcp, udp, icmp, icmpv6, -1/all or a number 0..255`);
  }
}

const BY_NAME: Readonly<Record<string, ProtocolNumber>> = { tcp: TCP, udp: UDP, icmp: ICMP, icmpv6: ICMPV6 };
const NAMES: ReadonlyMap<ProtocolNumber, string> = new Map([
  [TCP, 'tcp'],
  [UDP, 'udp'],
  [ICMP, 'icmp'],
  [ICMPV6, 'icmpv6'],
]);

/** Names are case-insensitive; numbers must be plain decimals ("6", not "06" or "6.0"). */
export function parseProtocol(text: string): ProtocolNumber | 'all' {
  const lower = text.toLowerCase();
  if (lower === '-1' || lower === 'all') return 'all';
  const named = Object.hasOwn(BY_NAME, lower) ? BY_NAME[lower] : undefined;
  if (named !== undefined) return named;
  if (/^(0|[1-9]\d{0,2})$/.test(text)) {
    const n = Number(text);
    if (n <= MAX_PROTOCOL) return n;
  }
  throw new ProtocolParseError(text);
}

export function protocolName(p: ProtocolNumber | 'all'): string {
  if (p === 'all') return 'all';
  return NAMES.get(p) ?? String(p);
}

/** Whether the protocol has ports (TCP, UDP) or ICMP types standing in for them. */
export function hasPorts(p: ProtocolNumber): boolean {
  return p === TCP || p === UDP || p === ICMP || p === ICMPV6;
}
