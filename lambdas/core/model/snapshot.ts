import type {
  EgressOnlyInternetGateway,
  FlowLog,
  InternetGateway,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  PrefixList,
  PrefixListEntry,
  Reservation,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRoute,
  TransitGatewayRouteTable,
  TransitGatewayVpcAttachment,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
} from './aws-types';

/**
 * An account's network as plain AWS-shaped data: the union of the `describe-*` outputs, under the
 * same top-level keys. It is the unit the loader produces, the simulator copies and mutates, and
 * the embedded writer saves; the indexed `NetworkModel` is always rebuilt from it.
 */
export interface Snapshot {
  Vpcs: Vpc[];
  Subnets: Subnet[];
  RouteTables: RouteTable[];
  NetworkAcls: NetworkAcl[];
  SecurityGroups: SecurityGroup[];
  /** Optional: `describe-security-group-rules`, which adds each rule's `SecurityGroupRuleId`. */
  SecurityGroupRules: SecurityGroupRule[];
  NetworkInterfaces: NetworkInterface[];
  Reservations: Reservation[];
  InternetGateways: InternetGateway[];
  EgressOnlyInternetGateways: EgressOnlyInternetGateway[];
  NatGateways: NatGateway[];
  VpcPeeringConnections: VpcPeeringConnection[];
  TransitGateways: TransitGateway[];
  TransitGatewayAttachments: TransitGatewayAttachment[];
  TransitGatewayVpcAttachments: TransitGatewayVpcAttachment[];
  TransitGatewayRouteTables: TransitGatewayRouteTable[];
  /** `search-transit-gateway-routes` output, keyed by the route table it was searched in. */
  TransitGatewayRoutes: Record<string, TransitGatewayRoute[]>;
  VpcEndpoints: VpcEndpoint[];
  PrefixLists: PrefixList[];
  /** `get-managed-prefix-list-entries` output, keyed by prefix list id. */
  PrefixListEntries: Record<string, PrefixListEntry[]>;
  FlowLogs: FlowLog[];
}

/** The top-level keys that hold lists, in the order a snapshot folder is written. */
export const SNAPSHOT_LIST_KEYS = [
  'Vpcs',
  'Subnets',
  'RouteTables',
  'NetworkAcls',
  'SecurityGroups',
  'SecurityGroupRules',
  'NetworkInterfaces',
  'Reservations',
  'InternetGateways',
  'EgressOnlyInternetGateways',
  'NatGateways',
  'VpcPeeringConnections',
  'TransitGateways',
  'TransitGatewayAttachments',
  'TransitGatewayVpcAttachments',
  'TransitGatewayRouteTables',
  'VpcEndpoints',
  'PrefixLists',
  'FlowLogs',
] as const satisfies readonly (keyof Snapshot)[];

export type SnapshotListKey = (typeof SNAPSHOT_LIST_KEYS)[number];

export function emptySnapshot(): Snapshot {
  return {
    Vpcs: [],
    Subnets: [],
    RouteTables: [],
    NetworkAcls: [],
    SecurityGroups: [],
    SecurityGroupRules: [],
    NetworkInterfaces: [],
    Reservations: [],
    InternetGateways: [],
    EgressOnlyInternetGateways: [],
    NatGateways: [],
    VpcPeeringConnections: [],
    TransitGateways: [],
    TransitGatewayAttachments: [],
    TransitGatewayVpcAttachments: [],
    TransitGatewayRouteTables: [],
    TransitGatewayRoutes: {},
    VpcEndpoints: [],
    PrefixLists: [],
    PrefixListEntries: {},
    FlowLogs: [],
  };
}

/** A deep copy, so a simulation can change it without touching the original. */
export function cloneSnapshot(snapshot: Snapshot): Snapshot {
  return structuredClone(snapshot);
}

/** Something wrong with the input, located precisely enough to fix: file, JSON path, what was expected. */
export interface Diagnostic {
  level: 'error' | 'warning';
  /** The file (or other named input, such as a Config item) the problem is in. */
  source: string;
  /** JSON path inside the source, e.g. `$.SecurityGroups[3].IpPermissions[0].FromPort`. */
  path: string;
  message: string;
}
