/** Address sets a route table sends to a kind of target: longest-prefix match computed over whole sets. */
import { AddressSet } from '../net/address-set';
import type { CompiledRouteTable, ReachIndex, RouteEntry } from './reach-index';

/** The destinations (within `universe`) whose winning route in `table` satisfies `accept`. */
export function routedSet(table: CompiledRouteTable, accept: (e: RouteEntry) => boolean): AddressSet {
  let covered = AddressSet.empty();
  let result = AddressSet.empty();
  for (const e of table.entries) {
    const fresh = e.addresses.subtract(covered);
    if (fresh.isEmpty()) continue;
    if (!e.blackhole && accept(e)) result = result.union(fresh);
    covered = covered.union(e.addresses);
  }
  return result;
}

/** Destinations a subnet routes to an internet gateway attached to its VPC (replies to the internet take this). */
export function internetRoutedSet(idx: ReachIndex, subnetId: string): AddressSet {
  return idx.memo(`igw-routed:${subnetId}`, () => {
    const table = idx.routeTableForSubnet(subnetId);
    const vpcId = idx.model.subnet(subnetId)?.VpcId;
    if (table === undefined || vpcId === undefined) return AddressSet.empty();
    const attached = new Set(idx.model.internetGatewaysOfVpc(vpcId).map((g) => g.InternetGatewayId));
    return routedSet(table, (e) => e.target.kind === 'igw' && attached.has(e.target.id));
  });
}
