/**
 * Immutable set of (protocol, port) pairs. For TCP/UDP the port is the port; for ICMP/ICMPv6 it
 * is the ICMP type (codes are not modelled: a type stands for all of its codes, which only ever
 * over-approximates what a rule matches); other protocols have no ports and are held whole
 * (PortSet.all()) or not at all.
 *
 * Representation: a default ("every protocol not listed has all ports" or "has none") plus the
 * protocols that differ from it. Security groups nearly always carry an all-traffic egress rule,
 * so "all" must not cost 256 entries. The form is canonical (ICMP types clipped to 0..255 and
 * widened to all when complete; the default chosen to keep the fewest entries), so structural
 * equality is set equality.
 */

import { PortSet } from './port-set';
import {
  hasPorts,
  ICMP,
  ICMPV6,
  MAX_PROTOCOL,
  type ProtocolNumber,
  parseProtocol,
  protocolName,
  TCP,
  UDP,
} from './protocol';

export class ServiceParseError extends Error {
  override readonly name = 'ServiceParseError';
}

const PROTOCOL_COUNT = MAX_PROTOCOL + 1;

type Op = 'union' | 'intersect' | 'subtract';
const ICMP_TYPES = PortSet.range(0, 255);

/** The canonical port set of protocol `p`: ICMP types within 0..255 (all when complete), whole protocols for the rest. */
function normalizePorts(p: ProtocolNumber, ports: PortSet): PortSet {
  if (ports.isEmpty() || ports.isAll()) return ports;
  if (p === ICMP || p === ICMPV6) return ports.isSupersetOf(ICMP_TYPES) ? PortSet.all() : ports.intersect(ICMP_TYPES);
  return hasPorts(p) ? ports : PortSet.all();
}

function isProtocolNumber(p: number): boolean {
  return Number.isInteger(p) && p >= 0 && p <= MAX_PROTOCOL;
}

function describePorts(p: ProtocolNumber, ports: PortSet): string {
  return hasPorts(p) ? `${protocolName(p)}:${ports}` : protocolName(p);
}

/** Bounded so that a long-lived process reading many estates does not grow without limit. */
const PERMISSION_MEMO_LIMIT = 16_384;
const PERMISSION_MEMO = new Map<string, Map<number | undefined, Map<number | undefined, ServiceSet>>>();
let permissionMemoSize = 0;

export class ServiceSet {
  private static readonly EMPTY = new ServiceSet(false, new Map());
  private static readonly ALL = new ServiceSet(true, new Map());

  /**
   * @param allByDefault whether protocols absent from `except` hold every port
   * @param except the protocols whose ports differ from the default (never equal to it)
   */
  private constructor(
    private readonly allByDefault: boolean,
    private readonly except: ReadonlyMap<ProtocolNumber, PortSet>,
  ) {}

  /** Builds the canonical instance: the default is whichever needs fewer listed protocols (ties: none). */
  private static make(allByDefault: boolean, except: Map<ProtocolNumber, PortSet>): ServiceSet {
    // Flipping the default only pays when at least half of the protocols are listed.
    if (except.size >= PROTOCOL_COUNT / 2) {
      let listedOpposite = 0;
      for (const ports of except.values()) if (allByDefault ? ports.isEmpty() : ports.isAll()) listedOpposite++;
      const defaults = PROTOCOL_COUNT - except.size;
      if (allByDefault ? defaults <= listedOpposite : listedOpposite > defaults) {
        const flipped = new Map<ProtocolNumber, PortSet>();
        for (let p = 0; p <= MAX_PROTOCOL; p++) {
          const ports = except.get(p) ?? (allByDefault ? PortSet.all() : PortSet.empty());
          if (allByDefault ? !ports.isEmpty() : !ports.isAll()) flipped.set(p, ports);
        }
        allByDefault = !allByDefault;
        except = flipped;
      }
    }
    if (except.size === 0) return allByDefault ? ServiceSet.ALL : ServiceSet.EMPTY;
    return new ServiceSet(allByDefault, except);
  }

  static empty(): ServiceSet {
    return ServiceSet.EMPTY;
  }

  static all(): ServiceSet {
    return ServiceSet.ALL;
  }

  /**
   * One protocol on `ports` (default: all ports). 'all' with every port is everything; 'all'
   * with some ports means the protocols that have port numbers, TCP and UDP, on those ports.
   */
  static of(protocol: ProtocolNumber | 'all', ports: PortSet = PortSet.all()): ServiceSet {
    if (protocol === 'all') {
      if (ports.isAll()) return ServiceSet.ALL;
      return ServiceSet.of(TCP, ports).union(ServiceSet.of(UDP, ports));
    }
    if (!isProtocolNumber(protocol)) {
      throw new ServiceParseError(`Invalid protocol number ${protocol}: expected an integer 0..${MAX_PROTOCOL}`);
    }
    const own = normalizePorts(protocol, ports);
    if (own.isEmpty()) return ServiceSet.EMPTY;
    const except = new Map<ProtocolNumber, PortSet>();
    except.set(protocol, own);
    return new ServiceSet(false, except);
  }

  /**
   * What one security-group permission allows (EC2 semantics): "-1" is everything; tcp/udp are
   * FromPort..ToPort; icmp/icmpv6 take FromPort as the ICMP type (-1 = every type); any other
   * protocol number is the whole protocol whatever ports are given.
   */
  static fromSecurityGroupPermission(ipProtocol: string, fromPort?: number, toPort?: number): ServiceSet {
    // Tens of thousands of rules share a handful of (protocol, ports) triples; sets are immutable.
    // Nested maps keyed by the values themselves: no key text is built per rule.
    let byFrom = PERMISSION_MEMO.get(ipProtocol);
    let byTo = byFrom?.get(fromPort);
    const known = byTo?.get(toPort);
    if (known !== undefined) return known;
    const protocol = parseProtocol(ipProtocol);
    const set = ServiceSet.fromParts(protocol, fromPort, toPort, fromPort, `security group permission ${ipProtocol}`);
    if (++permissionMemoSize > PERMISSION_MEMO_LIMIT) {
      PERMISSION_MEMO.clear();
      permissionMemoSize = 1;
      byFrom = undefined;
      byTo = undefined;
    }
    if (byFrom === undefined) {
      byFrom = new Map();
      PERMISSION_MEMO.set(ipProtocol, byFrom);
    }
    if (byTo === undefined) {
      byTo = new Map();
      byFrom.set(fromPort, byTo);
    }
    byTo.set(toPort, set);
    return set;
  }

  /**
   * What one network ACL entry matches: "-1" is everything; 6/17 use PortRange; 1/58 use
   * IcmpTypeCode.Type (-1 = every type); other protocol numbers are matched whole.
   */
  static fromAclEntry(
    protocol: string,
    portRange?: { From?: number; To?: number },
    icmp?: { Type?: number; Code?: number },
  ): ServiceSet {
    const parsed = parseProtocol(protocol);
    return ServiceSet.fromParts(parsed, portRange?.From, portRange?.To, icmp?.Type, `network ACL entry ${protocol}`);
  }

  /** Missing tcp/udp ports, or -1 for both, mean every port (how EC2 reports protocol-wide rules). */
  private static fromParts(
    protocol: ProtocolNumber | 'all',
    from: number | undefined,
    to: number | undefined,
    icmpType: number | undefined,
    what: string,
  ): ServiceSet {
    if (protocol === 'all') return ServiceSet.ALL;
    if (protocol === ICMP || protocol === ICMPV6) {
      if (icmpType === undefined || icmpType === -1) return ServiceSet.of(protocol);
      if (!Number.isInteger(icmpType) || icmpType < 0 || icmpType > 255) {
        throw new ServiceParseError(`Invalid ${what}: ICMP type ${icmpType} (expected -1 or 0..255)`);
      }
      return ServiceSet.of(protocol, PortSet.single(icmpType));
    }
    if (!hasPorts(protocol)) return ServiceSet.of(protocol);
    if ((from === undefined || from === -1) && (to === undefined || to === -1)) return ServiceSet.of(protocol);
    if (from === undefined || to === undefined) {
      throw new ServiceParseError(`Invalid ${what}: port range ${from ?? '?'}-${to ?? '?'} is missing a bound`);
    }
    const valid = (n: number) => Number.isInteger(n) && n >= 0 && n <= 65535;
    if (!valid(from) || !valid(to) || from > to) {
      throw new ServiceParseError(`Invalid ${what}: port range ${from}-${to} (expected 0 <= from <= to <= 65535)`);
    }
    return ServiceSet.of(protocol, PortSet.range(from, to));
  }

  private combine(o: ServiceSet, allByDefault: boolean, op: Op): ServiceSet {
    const except = new Map<ProtocolNumber, PortSet>();
    for (const p of this.except.keys()) this.combineAt(p, o, allByDefault, op, except);
    for (const p of o.except.keys()) if (!this.except.has(p)) this.combineAt(p, o, allByDefault, op, except);
    return ServiceSet.make(allByDefault, except);
  }

  private combineAt(
    p: ProtocolNumber,
    o: ServiceSet,
    allByDefault: boolean,
    op: Op,
    into: Map<ProtocolNumber, PortSet>,
  ): void {
    const a = this.portsOf(p);
    const b = o.portsOf(p);
    const ports = normalizePorts(p, op === 'union' ? a.union(b) : op === 'intersect' ? a.intersect(b) : a.subtract(b));
    if (allByDefault ? !ports.isAll() : !ports.isEmpty()) into.set(p, ports);
  }

  union(o: ServiceSet): ServiceSet {
    if (o === this || o === ServiceSet.EMPTY || this === ServiceSet.ALL) return this;
    if (this === ServiceSet.EMPTY || o === ServiceSet.ALL) return o;
    return this.combine(o, this.allByDefault || o.allByDefault, 'union');
  }

  intersect(o: ServiceSet): ServiceSet {
    if (o === this || o === ServiceSet.ALL || this === ServiceSet.EMPTY) return this;
    if (this === ServiceSet.ALL || o === ServiceSet.EMPTY) return o;
    return this.combine(o, this.allByDefault && o.allByDefault, 'intersect');
  }

  subtract(o: ServiceSet): ServiceSet {
    if (o === ServiceSet.EMPTY || this === ServiceSet.EMPTY) return this;
    if (o === this || o === ServiceSet.ALL) return ServiceSet.EMPTY;
    return this.combine(o, this.allByDefault && !o.allByDefault, 'subtract');
  }

  isEmpty(): boolean {
    return this === ServiceSet.EMPTY;
  }

  isAll(): boolean {
    return this === ServiceSet.ALL;
  }

  equals(o: ServiceSet): boolean {
    if (o === this) return true;
    if (o.allByDefault !== this.allByDefault || o.except.size !== this.except.size) return false;
    for (const [p, ports] of this.except) {
      const other = o.except.get(p);
      if (other === undefined || !other.equals(ports)) return false;
    }
    return true;
  }

  isSupersetOf(o: ServiceSet): boolean {
    return o.subtract(this).isEmpty();
  }

  overlaps(o: ServiceSet): boolean {
    return !this.intersect(o).isEmpty();
  }

  /** With `port` omitted: whether every port of the protocol is in the set (for port-less protocols, the protocol). */
  contains(protocol: ProtocolNumber, port?: number): boolean {
    const ports = this.portsOf(protocol);
    return port === undefined ? ports.isAll() : ports.contains(port);
  }

  /** Ports (ICMP types) of `protocol` in the set; empty for a number outside 0..255. */
  portsOf(protocol: ProtocolNumber): PortSet {
    const listed = this.except.get(protocol);
    if (listed !== undefined) return listed;
    return this.allByDefault && isProtocolNumber(protocol) ? PortSet.all() : PortSet.empty();
  }

  /** Protocols with at least one port in the set, ascending. */
  protocols(): ProtocolNumber[] {
    if (!this.allByDefault) return [...this.except.keys()].sort((a, b) => a - b);
    const out: ProtocolNumber[] = [];
    for (let p = 0; p <= MAX_PROTOCOL; p++) if (!this.portsOf(p).isEmpty()) out.push(p);
    return out;
  }

  /** "tcp:22,443 udp:53", "all", "none", or "all except tcp:22 icmp:8". */
  toString(): string {
    if (this === ServiceSet.ALL) return 'all';
    if (this === ServiceSet.EMPTY) return 'none';
    const listed = [...this.except.keys()].sort((a, b) => a - b);
    if (!this.allByDefault) return listed.map((p) => describePorts(p, this.portsOf(p))).join(' ');
    const missing = listed.map((p) => describePorts(p, normalizePorts(p, PortSet.all().subtract(this.portsOf(p)))));
    return `all except ${missing.join(' ')}`;
  }
}
