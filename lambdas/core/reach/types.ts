/** The public shapes of the reachability engine: a question (`PathQuery`) and its answer (`PathResult`). */
import type { ProtocolNumber } from '../net/protocol';

/**
 * One end of a path: a resource id (`eni-`, `i-`, `subnet-`, `igw-`, `nat-`, `vpce-`, `tgw-attach-`),
 * an IPv4/IPv6 address, or `internet`.
 */
export type EndpointRef = string;

export interface PathQuery {
  source: EndpointRef;
  destination: EndpointRef;
  protocol: ProtocolNumber | 'all';
  /** Destination port range (TCP/UDP) or ICMP type range; omitted = every port (ICMP: echo request). */
  destinationPorts?: { from: number; to: number };
  sourceIp?: string;
  destinationIp?: string;
  /** The client's port; omitted = the whole assumed ephemeral range must work for replies. */
  sourcePort?: number;
  /** Address family when neither address is given; default 4 (6 when the destination has only IPv6). */
  ipVersion?: 4 | 6;
}

export interface ReachOptions {
  /** The client's ephemeral port range replies are sent to (default Linux 32768-60999). */
  ephemeralPorts?: { from: number; to: number };
}

export const DEFAULT_EPHEMERAL_PORTS = { from: 32768, to: 60999 } as const;
/** NAT gateways, load balancers and Lambda pick source ports in this range. */
export const MANAGED_EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;

export type Direction = 'forward' | 'return';

export interface PacketHeader {
  sourceAddress: string;
  destinationAddress: string;
  protocol: string;
  /** A port set as text ("443", "32768-60999"); absent for protocols without ports. */
  sourcePorts?: string;
  destinationPorts?: string;
}

export type ComponentType =
  | 'network-interface'
  | 'security-group'
  | 'network-acl'
  | 'route-table'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'vpc-peering-connection'
  | 'transit-gateway'
  | 'transit-gateway-route-table'
  | 'transit-gateway-attachment'
  | 'vpc-endpoint'
  | 'subnet'
  | 'internet'
  | 'aws-service';

export interface Hop {
  componentId: string;
  componentType: ComponentType;
  direction: Direction;
  /** The rule, ACL entry or route that let the packet through, as a person reads it. */
  via: string;
  /** The AWS-shaped element that matched (an IpPermission, a NetworkAclEntry, a Route), when one did. */
  rule?: unknown;
  packet: PacketHeader;
}

export interface Explanation {
  /** AWS Reachability Analyzer's code, or `UNKNOWN_PREFIX_LIST` for a prefix list absent from the snapshot. */
  code: string;
  componentId: string;
  direction: Direction;
  message: string;
  /** Whether this component stops the traffic (false: informational). */
  blocking: boolean;
}

/** One EC2 API call, with its parameters as the API (and `aws ec2`) takes them. */
export interface SuggestedFix {
  api: string;
  params: Record<string, unknown>;
  reason: string;
}

export interface PathResult {
  reachable: boolean;
  /** True when the verdict depends on something absent from the snapshot (see UNKNOWN_* explanations). */
  unknown: boolean;
  source: EndpointRef;
  destination: EndpointRef;
  /** The packet as it leaves the source. */
  packet: PacketHeader;
  /** Requested services that make it there and back ("tcp:443"; "none"). */
  allowedServices: string;
  requestedServices: string;
  forwardPath: Hop[];
  returnPath: Hop[];
  explanations: Explanation[];
  suggestedFixes: SuggestedFix[];
  /** Assumptions the verdict rests on (ephemeral range, NACLs of transit gateway subnets, ...). */
  assumptions: string[];
}

export class PathQueryError extends Error {
  override readonly name = 'PathQueryError';
}
