/**
 * AWS Config configuration items mapped to the EC2 API shapes the engine reads. Config serialises
 * `configuration` in camelCase (`groupId`, `ipPermissions[].ipv4Ranges[].cidrIp`), sometimes as a
 * JSON string (GetResourceConfigHistory), with `null` for absent fields and, for security groups,
 * the legacy `ipRanges: ["0.0.0.0/0"]` next to `ipv4Ranges`. A PascalCase `configuration` (the EC2
 * API's own spelling) is accepted as well. Field names follow the Config resource schema
 * (awslabs/aws-config-resource-schema, `AWS::EC2::*.properties.json`).
 */
import type { NetworkAcl, RouteTable, SecurityGroup, Subnet, Tag, Vpc } from './aws-types';
import { checkShape, describeValue, isObject, type JsonObject, S, type Shape } from './shape';
import type { Snapshot } from './snapshot';
import { NETWORK_ACL, ROUTE_TABLE, RULE_NUMBER, SECURITY_GROUP, SUBNET, VPC } from './snapshot-shapes';

export class ConfigItemError extends Error {
  override readonly name = 'ConfigItemError';

  constructor(
    readonly source: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${source}: ${path}: ${detail}`);
  }
}

export type MappedConfigurationItem =
  | { kind: 'SecurityGroup'; value: SecurityGroup }
  | { kind: 'NetworkAcl'; value: NetworkAcl }
  | { kind: 'RouteTable'; value: RouteTable }
  | { kind: 'Subnet'; value: Subnet }
  | { kind: 'Vpc'; value: Vpc };

type Kind = MappedConfigurationItem['kind'];

/** Statuses of an item that describes a resource Config no longer sees: it has no configuration. */
const DELETED_STATUSES = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

// ---- the camelCase configuration of each supported type --------------------------------------

const PORT = S.integer(-1, 65535);
const ICMP_NUMBER = S.integer(-1, 255);
const CONFIG_TAGS = S.array(S.object({ key: S.string, value: S.string }));
const STATE = S.either(S.string, S.object({}, { value: S.string }));
const IPV6_ASSOCIATIONS = S.array(
  S.object(
    { ipv6CidrBlock: S.cidr(6) },
    { associationId: S.string, ipv6CidrBlockState: S.object({}, { state: S.string }) },
  ),
);

const CONFIG_PERMISSION = S.object(
  { ipProtocol: S.protocol },
  {
    fromPort: PORT,
    toPort: PORT,
    ipv4Ranges: S.array(S.object({ cidrIp: S.cidr(4) }, { description: S.string })),
    ipRanges: S.array(S.either(S.cidr(4), S.object({ cidrIp: S.cidr(4) }, { description: S.string }))),
    ipv6Ranges: S.array(S.object({ cidrIpv6: S.cidr(6) }, { description: S.string })),
    prefixListIds: S.array(S.object({ prefixListId: S.id }, { description: S.string })),
    userIdGroupPairs: S.array(
      S.object(
        {},
        {
          groupId: S.id,
          groupName: S.string,
          userId: S.string,
          vpcId: S.string,
          vpcPeeringConnectionId: S.string,
          peeringStatus: S.string,
          description: S.string,
        },
      ),
    ),
  },
);

interface TypeSpec {
  kind: Kind;
  /** The id field in camelCase; PascalCase is the same with a capital first letter. */
  idField: string;
  camel: Shape;
  pascal: Shape;
}

const TYPES: Readonly<Record<string, TypeSpec>> = {
  'AWS::EC2::SecurityGroup': {
    kind: 'SecurityGroup',
    idField: 'groupId',
    pascal: SECURITY_GROUP,
    camel: S.object(
      { groupId: S.id },
      {
        groupName: S.string,
        description: S.string,
        vpcId: S.id,
        ownerId: S.string,
        ipPermissions: S.array(CONFIG_PERMISSION),
        ipPermissionsEgress: S.array(CONFIG_PERMISSION),
        tags: CONFIG_TAGS,
      },
    ),
  },
  'AWS::EC2::NetworkAcl': {
    kind: 'NetworkAcl',
    idField: 'networkAclId',
    pascal: NETWORK_ACL,
    camel: S.object(
      { networkAclId: S.id, vpcId: S.id },
      {
        isDefault: S.boolean,
        entries: S.array(
          S.object(
            {
              ruleNumber: RULE_NUMBER,
              protocol: S.protocol,
              ruleAction: S.enumOf('allow', 'deny'),
              egress: S.boolean,
            },
            {
              cidrBlock: S.cidr(4),
              ipv6CidrBlock: S.cidr(6),
              icmpTypeCode: S.object({}, { code: ICMP_NUMBER, type: ICMP_NUMBER }),
              portRange: S.object({}, { from: S.integer(0, 65535), to: S.integer(0, 65535) }),
            },
          ),
        ),
        associations: S.array(S.object({ subnetId: S.id }, { networkAclAssociationId: S.string, networkAclId: S.id })),
        ownerId: S.string,
        tags: CONFIG_TAGS,
      },
    ),
  },
  'AWS::EC2::RouteTable': {
    kind: 'RouteTable',
    idField: 'routeTableId',
    pascal: ROUTE_TABLE,
    camel: S.object(
      { routeTableId: S.id, vpcId: S.id },
      {
        routes: S.array(
          S.object(
            {},
            {
              destinationCidrBlock: S.cidr(4),
              destinationIpv6CidrBlock: S.cidr(6),
              destinationPrefixListId: S.id,
              gatewayId: S.id,
              egressOnlyInternetGatewayId: S.id,
              natGatewayId: S.id,
              vpcPeeringConnectionId: S.id,
              transitGatewayId: S.id,
              networkInterfaceId: S.id,
              instanceId: S.id,
              localGatewayId: S.id,
              carrierGatewayId: S.id,
              origin: S.string,
              state: S.string,
            },
          ),
        ),
        associations: S.array(
          S.object(
            {},
            {
              routeTableAssociationId: S.string,
              routeTableId: S.id,
              subnetId: S.id,
              gatewayId: S.id,
              main: S.boolean,
              associationState: S.object({}, { state: S.string }),
            },
          ),
        ),
        propagatingVgws: S.array(S.object({ gatewayId: S.id })),
        ownerId: S.string,
        tags: CONFIG_TAGS,
      },
    ),
  },
  'AWS::EC2::Subnet': {
    kind: 'Subnet',
    idField: 'subnetId',
    pascal: SUBNET,
    camel: S.object(
      { subnetId: S.id, vpcId: S.id },
      {
        cidrBlock: S.cidr(4),
        ipv6CidrBlockAssociationSet: IPV6_ASSOCIATIONS,
        availabilityZone: S.string,
        mapPublicIpOnLaunch: S.boolean,
        assignIpv6AddressOnCreation: S.boolean,
        defaultForAz: S.boolean,
        state: STATE,
        ownerId: S.string,
        tags: CONFIG_TAGS,
      },
    ),
  },
  'AWS::EC2::VPC': {
    kind: 'Vpc',
    idField: 'vpcId',
    pascal: VPC,
    camel: S.object(
      { vpcId: S.id },
      {
        cidrBlock: S.cidr(4),
        cidrBlockAssociationSet: S.array(
          S.object(
            { cidrBlock: S.cidr(4) },
            { associationId: S.string, cidrBlockState: S.object({}, { state: S.string }) },
          ),
        ),
        ipv6CidrBlockAssociationSet: IPV6_ASSOCIATIONS,
        isDefault: S.boolean,
        state: STATE,
        ownerId: S.string,
        tags: CONFIG_TAGS,
      },
    ),
  },
};

export const SUPPORTED_CONFIG_RESOURCE_TYPES: readonly string[] = Object.keys(TYPES);

/**
 * Maps one configuration item (as in a Config rule's `invokingEvent.configurationItem`, or from
 * GetResourceConfigHistory) to its EC2 shape. Throws `ConfigItemError` naming `source` and the JSON
 * path on a wrong shape, an unsupported `resourceType`, an oversized-notification summary, or a
 * deleted resource (which has no configuration: see `deletedResourceOf`).
 */
export function mapConfigurationItem(item: unknown, source: string): MappedConfigurationItem {
  if (!isObject(item))
    throw new ConfigItemError(source, '$', `expected a configuration item object, got ${describeValue(item)}`);
  rejectWrappers(item, source);
  const spec = typeSpec(item, source);
  const status = item.configurationItemStatus;
  if (typeof status === 'string' && DELETED_STATUSES.has(status)) {
    throw new ConfigItemError(
      source,
      '$.configurationItemStatus',
      `${status}: a deleted resource has no configuration to map`,
    );
  }
  const configuration = readConfiguration(item, source);
  const isPascal = configuration[capitalise(spec.idField)] !== undefined;
  const idField = isPascal ? capitalise(spec.idField) : spec.idField;
  if (configuration[idField] === undefined && typeof item.resourceId === 'string')
    configuration[idField] = item.resourceId;
  const problems = checkShape(configuration, isPascal ? spec.pascal : spec.camel, '$.configuration');
  const first = problems[0];
  if (first !== undefined) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
    throw new ConfigItemError(source, first.path, `${first.message}${more}`);
  }
  const value = isPascal ? configuration : toEc2Shape(configuration);
  if (value.Tags === undefined) {
    const tags = itemTags(item.tags);
    if (tags.length > 0) value.Tags = tags;
  }
  // The shape check above is what makes `value` the EC2 type its kind names.
  return { kind: spec.kind, value } as unknown as MappedConfigurationItem;
}

/** The resource a deletion item names, or undefined when the item does not describe a deletion. */
export function deletedResourceOf(item: unknown): { resourceType: string; resourceId: string } | undefined {
  if (!isObject(item)) return undefined;
  const { configurationItemStatus: status, resourceType, resourceId } = item;
  if (typeof status !== 'string' || !DELETED_STATUSES.has(status)) return undefined;
  if (typeof resourceType !== 'string' || typeof resourceId !== 'string') return undefined;
  return { resourceType, resourceId };
}

/** A new snapshot with the mapped resource replacing the one with the same id, or appended. */
export function applyConfigurationItem(snapshot: Snapshot, mapped: MappedConfigurationItem): Snapshot {
  switch (mapped.kind) {
    case 'SecurityGroup':
      return { ...snapshot, SecurityGroups: upsert(snapshot.SecurityGroups, mapped.value, (r) => r.GroupId) };
    case 'NetworkAcl':
      return { ...snapshot, NetworkAcls: upsert(snapshot.NetworkAcls, mapped.value, (r) => r.NetworkAclId) };
    case 'RouteTable':
      return { ...snapshot, RouteTables: upsert(snapshot.RouteTables, mapped.value, (r) => r.RouteTableId) };
    case 'Subnet':
      return { ...snapshot, Subnets: upsert(snapshot.Subnets, mapped.value, (r) => r.SubnetId) };
    case 'Vpc':
      return { ...snapshot, Vpcs: upsert(snapshot.Vpcs, mapped.value, (r) => r.VpcId) };
  }
}

/** A new snapshot without the resource a deletion item names (unchanged when it is not there). */
export function removeConfigurationResource(snapshot: Snapshot, resourceType: string, resourceId: string): Snapshot {
  switch (TYPES[resourceType]?.kind) {
    case 'SecurityGroup':
      return { ...snapshot, SecurityGroups: snapshot.SecurityGroups.filter((r) => r.GroupId !== resourceId) };
    case 'NetworkAcl':
      return { ...snapshot, NetworkAcls: snapshot.NetworkAcls.filter((r) => r.NetworkAclId !== resourceId) };
    case 'RouteTable':
      return { ...snapshot, RouteTables: snapshot.RouteTables.filter((r) => r.RouteTableId !== resourceId) };
    case 'Subnet':
      return { ...snapshot, Subnets: snapshot.Subnets.filter((r) => r.SubnetId !== resourceId) };
    case 'Vpc':
      return { ...snapshot, Vpcs: snapshot.Vpcs.filter((r) => r.VpcId !== resourceId) };
    default:
      return snapshot;
  }
}

/** The mistakes callers make most: passing the whole rule event, or an oversized notification's summary. */
function rejectWrappers(item: JsonObject, source: string): void {
  if ('invokingEvent' in item) {
    throw new ConfigItemError(
      source,
      '$',
      'expected a configuration item, got a Config rule event: parse its invokingEvent and pass invokingEvent.configurationItem',
    );
  }
  const oversized =
    item.messageType === 'OversizedConfigurationItemChangeNotification' || 'configurationItemSummary' in item;
  if (oversized) {
    throw new ConfigItemError(
      source,
      '$',
      'oversized configuration item: the notification carries only configurationItemSummary; fetch the item with ' +
        'GetResourceConfigHistory (resourceType, resourceId, laterTime = capture time, limit 1) and map that',
    );
  }
  if ('configurationItem' in item) {
    throw new ConfigItemError(
      source,
      '$',
      'expected the configuration item itself, got an invokingEvent: pass its configurationItem',
    );
  }
}

function typeSpec(item: JsonObject, source: string): TypeSpec {
  const resourceType = item.resourceType;
  if (typeof resourceType !== 'string') {
    throw new ConfigItemError(
      source,
      '$.resourceType',
      `expected a resource type string, got ${describeValue(resourceType)}`,
    );
  }
  const spec = TYPES[resourceType];
  if (spec === undefined) {
    throw new ConfigItemError(
      source,
      '$.resourceType',
      `unsupported resourceType ${resourceType} (supported: ${SUPPORTED_CONFIG_RESOURCE_TYPES.join(', ')})`,
    );
  }
  return spec;
}

/** A private copy of `configuration`: checking drops its nulls, and the caller's item must not change. */
function readConfiguration(item: JsonObject, source: string): JsonObject {
  let configuration = item.configuration;
  if (typeof configuration === 'string') {
    try {
      configuration = JSON.parse(configuration);
    } catch (error: unknown) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new ConfigItemError(source, '$.configuration', `not valid JSON: ${error.message}`);
    }
  }
  if (configuration === undefined || configuration === null) {
    throw new ConfigItemError(
      source,
      '$.configuration',
      'missing configuration: an oversized notification carries only a summary; fetch the item with GetResourceConfigHistory',
    );
  }
  if (!isObject(configuration)) {
    throw new ConfigItemError(source, '$.configuration', `expected an object, got ${describeValue(configuration)}`);
  }
  return structuredClone(configuration);
}

/** camelCase → PascalCase field names, plus the three spots where Config's shape differs from EC2's. */
function toEc2Shape(configuration: JsonObject): JsonObject {
  const value = pascalise(configuration) as JsonObject;
  for (const key of ['IpPermissions', 'IpPermissionsEgress']) {
    const permissions = value[key];
    if (Array.isArray(permissions)) value[key] = permissions.map((p: JsonObject) => ipv4RangesOf(p));
  }
  // Config prints enum states of subnets and VPCs as `{ "value": "available" }`.
  if (isObject(value.State) && typeof value.State.Value === 'string') value.State = value.State.Value;
  return value;
}

/** `ipv4Ranges` (objects, with descriptions) when present, else the legacy `ipRanges` (plain CIDR strings). */
function ipv4RangesOf(permission: JsonObject): JsonObject {
  const { Ipv4Ranges: ipv4Ranges, IpRanges: legacy, ...rest } = permission;
  const ranges = Array.isArray(ipv4Ranges)
    ? ipv4Ranges
    : Array.isArray(legacy)
      ? legacy.map((r: unknown) => (typeof r === 'string' ? { CidrIp: r } : r))
      : undefined;
  return ranges === undefined ? rest : { ...rest, IpRanges: ranges };
}

function pascalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalise);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== null && field !== undefined) out[capitalise(key)] = pascalise(field);
  }
  return out;
}

function capitalise(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** The item-level `tags` map Config adds (`{ "Name": "web" }`). */
function itemTags(tags: unknown): Tag[] {
  if (!isObject(tags)) return [];
  return Object.entries(tags)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([Key, Value]) => ({ Key, Value }));
}

function upsert<T>(list: readonly T[], item: T, idOf: (r: T) => string): T[] {
  const id = idOf(item);
  const index = list.findIndex((r) => idOf(r) === id);
  return index === -1 ? [...list, item] : list.map((r, i) => (i === index ? item : r));
}
