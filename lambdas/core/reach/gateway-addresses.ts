/** Addresses gateways translate: public <-> private IPv4 of an ENI or NAT gateway, a peer VPC's CIDRs. */
import type { NetworkInterface } from '../model/aws-types';
import { AddressSet } from '../net/address-set';
import { type Addr, parseAddr } from './addr';
import type { ReachIndex } from './reach-index';

export function parseAddrOrUndefined(text: string | undefined): Addr | undefined {
  return text === undefined ? undefined : parseAddr(text);
}

/** The private IPv4 address a public IPv4 of the ENI maps to. */
export function privateAddressFor(eni: NetworkInterface, publicIp: string): string | undefined {
  for (const p of eni.PrivateIpAddresses ?? []) {
    if (p.Association?.PublicIp === publicIp) return p.PrivateIpAddress;
  }
  if (eni.Association?.PublicIp === publicIp) return eni.PrivateIpAddress;
  return undefined;
}

/** The public address the internet gateway maps a private source to, and whose address it is. */
export function publicAddressFor(
  idx: ReachIndex,
  vpcId: string,
  src: Addr,
): { publicIp?: string; componentId?: string } {
  const model = idx.model;
  const eni = model.interfaceByAddress(src.text);
  for (const nat of model.natGatewaysOfVpc(vpcId)) {
    const a = nat.NatGatewayAddresses?.find((x) => x.PrivateIp === src.text);
    if (a === undefined) continue;
    const publicIp = nat.ConnectivityType === 'private' ? undefined : a.PublicIp;
    return publicIp === undefined ? { componentId: nat.NatGatewayId } : { publicIp, componentId: nat.NatGatewayId };
  }
  if (eni === undefined || eni.VpcId !== vpcId) return {};
  for (const p of eni.PrivateIpAddresses ?? []) {
    if (p.PrivateIpAddress === src.text && p.Association?.PublicIp !== undefined) {
      return { publicIp: p.Association.PublicIp, componentId: eni.NetworkInterfaceId };
    }
  }
  if (eni.PrivateIpAddress === src.text && eni.Association?.PublicIp !== undefined) {
    return { publicIp: eni.Association.PublicIp, componentId: eni.NetworkInterfaceId };
  }
  return { componentId: eni.NetworkInterfaceId };
}

export function peeringCidrs(
  info:
    | { CidrBlock?: string; CidrBlockSet?: { CidrBlock: string }[]; Ipv6CidrBlockSet?: { Ipv6CidrBlock: string }[] }
    | undefined,
) {
  const cidrs = [
    ...(info?.CidrBlock ? [info.CidrBlock] : []),
    ...(info?.CidrBlockSet ?? []).map((c) => c.CidrBlock),
    ...(info?.Ipv6CidrBlockSet ?? []).map((c) => c.Ipv6CidrBlock),
  ];
  return AddressSet.fromCidrs(cidrs);
}
