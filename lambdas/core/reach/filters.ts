/**
 * Security groups and network ACLs evaluated as sets: given the peer address, which part of a
 * requested service set gets through, and which rules decided it.
 */
import { AddressSet } from '../net/address-set';
import { PortSet } from '../net/port-set';
import { ICMP, ICMPV6, TCP, UDP } from '../net/protocol';
import { ServiceSet } from '../net/service-set';
import { type Addr, inSet } from './addr';
import type { AclRule, CompiledGroup, SgRule } from './reach-index';

export interface SgVerdict {
  allowed: ServiceSet;
  /** Rules that let part of the request through. */
  matched: SgRule[];
  /** Rules whose source is not fully known (absent group or prefix list) that could allow the rest. */
  unknown: SgRule[];
  /** Whether every group has no rule at all in this direction. */
  noRules: boolean;
}

export function evaluateGroups(
  groups: readonly CompiledGroup[],
  direction: 'ingress' | 'egress',
  peer: Addr,
  requested: ServiceSet,
): SgVerdict {
  let allowed = ServiceSet.empty();
  const matched: SgRule[] = [];
  const candidates: SgRule[] = [];
  let ruleCount = 0;
  for (const g of groups) {
    const rules = direction === 'ingress' ? g.ingress : g.egress;
    ruleCount += rules.length;
    for (const r of rules) {
      if (inSet(r.addresses, peer)) {
        const hit = requested.intersect(r.services);
        if (!hit.isEmpty()) {
          allowed = allowed.union(hit);
          matched.push(r);
        }
      } else if (r.unknown) {
        candidates.push(r);
      }
    }
  }
  const missing = requested.subtract(allowed);
  const unknown = candidates.filter((r) => r.services.overlaps(missing));
  return { allowed, matched, unknown, noRules: ruleCount === 0 };
}

export interface AclVerdict {
  allowed: ServiceSet;
  /** Entries that allowed part of the request. */
  allowedBy: AclRule[];
  /** Entries that denied part of it; `default` = the final `*` deny. */
  deniedBy: (AclRule | 'default')[];
}

/** First match wins per (service, peer); entries are sorted by rule number. */
export function evaluateAcl(rules: readonly AclRule[], peer: Addr, requested: ServiceSet): AclVerdict {
  let remaining = requested;
  let allowed = ServiceSet.empty();
  const allowedBy: AclRule[] = [];
  const deniedBy: (AclRule | 'default')[] = [];
  for (const r of rules) {
    if (remaining.isEmpty()) break;
    if (!inSet(r.addresses, peer)) continue;
    const hit = remaining.intersect(r.services);
    if (hit.isEmpty()) continue;
    if (r.allow) {
      allowed = allowed.union(hit);
      allowedBy.push(r);
    } else {
      deniedBy.push(r);
    }
    remaining = remaining.subtract(r.services);
  }
  if (!remaining.isEmpty()) deniedBy.push('default');
  return { allowed, allowedBy, deniedBy };
}

/** A product set: every service in `services` from every address in `addresses`. */
export interface Row {
  services: ServiceSet;
  addresses: AddressSet;
}

/** Splits rows into what an ACL allows and what it denies (first match wins, `*` denies the rest). */
export function partitionAcl(rules: readonly AclRule[], rows: readonly Row[]): { allowed: Row[]; denied: Row[] } {
  let pending: Row[] = rows.filter((r) => !r.services.isEmpty() && !r.addresses.isEmpty());
  const allowed: Row[] = [];
  const denied: Row[] = [];
  for (const rule of rules) {
    if (pending.length === 0) break;
    const next: Row[] = [];
    for (const row of pending) {
      const addrIn = row.addresses.intersect(rule.addresses);
      const svcIn = row.services.intersect(rule.services);
      if (addrIn.isEmpty() || svcIn.isEmpty()) {
        next.push(row);
        continue;
      }
      (rule.allow ? allowed : denied).push({ services: svcIn, addresses: addrIn });
      const svcOut = row.services.subtract(rule.services);
      if (!svcOut.isEmpty()) next.push({ services: svcOut, addresses: addrIn });
      const addrOut = row.addresses.subtract(rule.addresses);
      if (!addrOut.isEmpty()) next.push({ services: row.services, addresses: addrOut });
    }
    pending = next;
  }
  denied.push(...pending);
  return { allowed, denied };
}

/** ICMP requests whose reply is a different type (echo, timestamp, information, address mask). */
const ICMP_REPLIES: ReadonlyMap<number, number> = new Map([
  [8, 0],
  [13, 14],
  [15, 16],
  [17, 18],
]);
const ICMPV6_REPLIES: ReadonlyMap<number, number> = new Map([[128, 129]]);

/**
 * How the reply to part of a request looks to a stateless ACL. `whole`: the forward part works only
 * if the whole reply set passes (TCP/UDP replies go to any port of the client's ephemeral range);
 * `same`: the reply is the same protocol and passes protocol by protocol.
 */
export interface ReplyPart {
  forward: ServiceSet;
  reply: ServiceSet;
  mode: 'whole' | 'same';
}

export function replyParts(requested: ServiceSet, clientPorts: PortSet): ReplyPart[] {
  const parts: ReplyPart[] = [];
  let others = requested;
  for (const p of [TCP, UDP]) {
    const ports = requested.portsOf(p);
    if (ports.isEmpty()) continue;
    parts.push({ forward: ServiceSet.of(p, ports), reply: ServiceSet.of(p, clientPorts), mode: 'whole' });
    others = others.subtract(ServiceSet.of(p));
  }
  for (const [p, table] of [
    [ICMP, ICMP_REPLIES],
    [ICMPV6, ICMPV6_REPLIES],
  ] as const) {
    const types = requested.portsOf(p);
    if (types.isEmpty()) continue;
    others = others.subtract(ServiceSet.of(p));
    for (const [request, reply] of table) {
      if (!types.contains(request)) continue;
      parts.push({
        forward: ServiceSet.of(p, PortSet.single(request)),
        reply: ServiceSet.of(p, PortSet.single(reply)),
        mode: 'whole',
      });
    }
  }
  if (!others.isEmpty()) parts.push({ forward: others, reply: others, mode: 'same' });
  return parts;
}

/** The forward services whose replies the ACL lets back to `peer`, with the entries that decided. */
export function evaluateReplyAcl(
  rules: readonly AclRule[],
  peer: Addr,
  requested: ServiceSet,
  clientPorts: PortSet,
): AclVerdict {
  const parts = replyParts(requested, clientPorts);
  // Forward services without a reply (most ICMP types) are not constrained by the return path.
  let allowed = requested;
  for (const part of parts) allowed = allowed.subtract(part.forward);
  const allowedBy: AclRule[] = [];
  const deniedBy: (AclRule | 'default')[] = [];
  for (const part of parts) {
    const v = evaluateAcl(rules, peer, part.reply);
    for (const r of v.allowedBy) if (!allowedBy.includes(r)) allowedBy.push(r);
    for (const r of v.deniedBy) if (!deniedBy.includes(r)) deniedBy.push(r);
    if (part.mode === 'same') allowed = allowed.union(v.allowed);
    else if (v.allowed.equals(part.reply)) allowed = allowed.union(part.forward);
  }
  return { allowed, allowedBy, deniedBy };
}

/** Rows (within `candidates`) whose replies the ACL lets back: the exact set, as (forward services, peers). */
export function replyAllowedRows(
  rules: readonly AclRule[],
  candidates: AddressSet,
  requested: ServiceSet,
  clientPorts: PortSet,
): { forward: ServiceSet; peers: AddressSet }[] {
  const parts = replyParts(requested, clientPorts);
  let unconstrained = requested;
  for (const part of parts) unconstrained = unconstrained.subtract(part.forward);
  const rows = unconstrained.isEmpty() ? [] : [{ forward: unconstrained, peers: candidates }];
  for (const part of parts) {
    const { allowed, denied } = partitionAcl(rules, [{ services: part.reply, addresses: candidates }]);
    if (part.mode === 'same') {
      for (const a of allowed) rows.push({ forward: a.services, peers: a.addresses });
      continue;
    }
    let blocked = AddressSet.empty();
    for (const d of denied) blocked = blocked.union(d.addresses);
    const peers = candidates.subtract(blocked);
    if (!peers.isEmpty()) rows.push({ forward: part.forward, peers });
  }
  return rows;
}
