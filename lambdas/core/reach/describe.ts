/** One-line descriptions of rules, entries and routes, as they appear in hops and explanations. */
import type { Route } from '../model/aws-types';
import type { ServiceSet } from '../net/service-set';
import type { AclRule, RouteTarget, SgRule } from './reach-index';

export function describeSgSource(r: SgRule): string {
  switch (r.source.kind) {
    case 'cidr':
      return r.source.cidr;
    case 'prefix-list':
      return r.source.prefixListId;
    case 'group':
      return r.source.groupId;
  }
}

export function describeSgRule(r: SgRule): string {
  const dir = r.direction === 'ingress' ? 'from' : 'to';
  return `${r.groupId} ${r.direction} ${r.services} ${dir} ${describeSgSource(r)}`;
}

export function describeAclRule(r: AclRule | 'default', aclId: string): string {
  if (r === 'default') return `${aclId} rule * deny (default)`;
  const cidr = r.entry.CidrBlock ?? r.entry.Ipv6CidrBlock ?? '?';
  return `${aclId} rule ${r.ruleNumber} ${r.allow ? 'allow' : 'deny'} ${r.services} ${r.entry.Egress ? 'to' : 'from'} ${cidr}`;
}

export function describeTarget(t: RouteTarget): string {
  return t.kind === 'local' ? 'local' : t.id;
}

export function routeDestination(route: Route): string {
  return route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? '?';
}

export function describeRoute(route: Route, target: RouteTarget): string {
  const origin = route.Origin === 'EnableVgwRoutePropagation' ? ' (propagated)' : '';
  const state = route.State === 'blackhole' ? ' [blackhole]' : '';
  return `${routeDestination(route)} -> ${describeTarget(target)}${origin}${state}`;
}

export function describeServices(s: ServiceSet): string {
  return s.isEmpty() ? 'none' : s.toString();
}
