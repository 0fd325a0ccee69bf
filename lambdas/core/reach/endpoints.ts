/** Turns what a user names as a source or destination into the concrete things the walk starts from or looks for. */
import type { NatGateway, TransitGatewayAttachment, VpcEndpoint } from '../model/aws-types';
import { INTERNET } from '../net/special-ranges';
import { type Addr, inSet, parseAddr } from './addr';
import type { CompiledEni, ReachIndex } from './reach-index';
import { PathQueryError } from './types';

export type Endpoint =
  | { kind: 'eni'; id: string; eni: CompiledEni; address?: Addr; interfaceEndpointId?: string }
  /** The internet; `gatewayId` when the user named an internet gateway, `address` when a public address. */
  | { kind: 'internet'; id: string; gatewayId?: string; address?: Addr }
  /** A host in a subnet that has no network interface in the snapshot: no security group applies. */
  | { kind: 'subnet'; id: string; subnetId: string; vpcId: string; address?: Addr }
  /** An address outside every VPC and outside the internet (on-premises, an unknown peer). */
  | { kind: 'external'; id: string; address: Addr }
  | { kind: 'nat'; id: string; nat: NatGateway }
  | { kind: 'gateway-endpoint'; id: string; endpoint: VpcEndpoint }
  | { kind: 'tgw-attachment'; id: string; attachment: TransitGatewayAttachment };

function requireEni(index: ReachIndex, id: string, what: string): CompiledEni {
  const eni = index.eni(id);
  if (eni === undefined) throw new PathQueryError(`${what}: network interface ${id} is not in the snapshot`);
  return eni;
}

function subnetOfAddress(index: ReachIndex, a: Addr): { subnetId: string; vpcId: string } | undefined {
  for (const s of index.model.allSubnets()) {
    if (inSet(index.model.subnetAddresses(s.SubnetId), a)) return { subnetId: s.SubnetId, vpcId: s.VpcId };
  }
  return undefined;
}

/** All endpoints `ref` stands for (an instance: each of its ENIs). Throws PathQueryError when it names nothing. */
export function resolveEndpoint(index: ReachIndex, ref: string, role: 'source' | 'destination'): Endpoint[] {
  const model = index.model;
  const what = `${role} ${JSON.stringify(ref)}`;
  if (ref === 'internet') return [{ kind: 'internet', id: 'internet' }];
  if (ref.startsWith('eni-')) return [{ kind: 'eni', id: ref, eni: requireEni(index, ref, what) }];
  if (ref.startsWith('i-')) {
    if (model.instance(ref) === undefined) throw new PathQueryError(`${what}: instance ${ref} is not in the snapshot`);
    const enis = model
      .interfacesOfInstance(ref)
      .slice()
      .sort((a, b) => (a.Attachment?.DeviceIndex ?? 0) - (b.Attachment?.DeviceIndex ?? 0));
    if (enis.length === 0)
      throw new PathQueryError(`${what}: instance ${ref} has no network interface in the snapshot`);
    return enis.map((e) => ({
      kind: 'eni',
      id: e.NetworkInterfaceId,
      eni: requireEni(index, e.NetworkInterfaceId, what),
    }));
  }
  if (ref.startsWith('subnet-')) {
    const subnet = model.subnet(ref);
    if (subnet === undefined) throw new PathQueryError(`${what}: subnet ${ref} is not in the snapshot`);
    return [{ kind: 'subnet', id: ref, subnetId: ref, vpcId: subnet.VpcId }];
  }
  if (ref.startsWith('igw-')) {
    if (model.internetGateway(ref) === undefined)
      throw new PathQueryError(`${what}: internet gateway ${ref} is not in the snapshot`);
    return [{ kind: 'internet', id: ref, gatewayId: ref }];
  }
  if (ref.startsWith('nat-')) {
    const nat = model.natGateway(ref);
    if (nat === undefined) throw new PathQueryError(`${what}: NAT gateway ${ref} is not in the snapshot`);
    return [{ kind: 'nat', id: ref, nat }];
  }
  if (ref.startsWith('vpce-')) {
    const endpoint = model.vpcEndpoint(ref);
    if (endpoint === undefined) throw new PathQueryError(`${what}: VPC endpoint ${ref} is not in the snapshot`);
    if ((endpoint.VpcEndpointType ?? 'Gateway') === 'Gateway') return [{ kind: 'gateway-endpoint', id: ref, endpoint }];
    const enis = (endpoint.NetworkInterfaceIds ?? []).map((id) => ({
      kind: 'eni' as const,
      id,
      eni: requireEni(index, id, what),
      interfaceEndpointId: ref,
    }));
    if (enis.length === 0)
      throw new PathQueryError(`${what}: endpoint ${ref} has no network interface in the snapshot`);
    return enis;
  }
  if (ref.startsWith('tgw-attach-')) {
    const attachment = model.transitGatewayAttachment(ref);
    if (attachment === undefined) {
      throw new PathQueryError(`${what}: transit gateway attachment ${ref} is not in the snapshot`);
    }
    return [{ kind: 'tgw-attachment', id: ref, attachment }];
  }
  const address = parseAddr(ref);
  if (address === undefined) {
    throw new PathQueryError(
      `${what}: expected internet, an IP address or an id (eni-, i-, subnet-, igw-, nat-, vpce-, tgw-attach-)`,
    );
  }
  const eni = model.interfaceByAddress(address.text);
  if (eni !== undefined) {
    return [{ kind: 'eni', id: eni.NetworkInterfaceId, eni: requireEni(index, eni.NetworkInterfaceId, what), address }];
  }
  const inSubnet = subnetOfAddress(index, address);
  if (inSubnet !== undefined) return [{ kind: 'subnet', id: address.text, ...inSubnet, address }];
  if (inSet(INTERNET, address)) return [{ kind: 'internet', id: address.text, address }];
  return [{ kind: 'external', id: address.text, address }];
}
