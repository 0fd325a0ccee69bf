import {
  applyConfigurationItem,
  ConfigItemError,
  deletedResourceOf,
  mapConfigurationItem,
  removeConfigurationResource,
} from '../../../lambdas/core/model/config-items';
import { emptySnapshot } from '../../../lambdas/core/model/snapshot';

/** The envelope every Config item shares; `configuration` is what differs per type. */
function configItem(resourceType: string, resourceId: string, configuration: unknown, extra: object = {}) {
  return {
    version: '1.3',
    accountId: '111122223333',
    configurationItemCaptureTime: '2026-11-20T10:00:00.000Z',
    configurationItemStatus: 'OK',
    configurationStateId: '1763632800000',
    arn: `arn:aws:ec2:eu-west-1:111122223333:${resourceId}`,
    resourceType,
    resourceId,
    awsRegion: 'eu-west-1',
    availabilityZone: 'Not Applicable',
    tags: {},
    relatedEvents: [],
    relationships: [],
    configuration,
    supplementaryConfiguration: {},
    ...extra,
  };
}

const SG_CONFIGURATION = {
  description: 'public web tier',
  groupName: 'web',
  ipPermissions: [
    {
      fromPort: 22,
      ipProtocol: 'tcp',
      ipv6Ranges: [],
      prefixListIds: [],
      toPort: 22,
      userIdGroupPairs: [],
      ipv4Ranges: [{ cidrIp: '0.0.0.0/0', description: 'ssh from anywhere' }],
      ipRanges: ['0.0.0.0/0'],
    },
    { fromPort: 443, ipProtocol: 'tcp', toPort: 443, ipRanges: ['10.0.0.0/8', '192.168.0.0/16'] },
    {
      fromPort: 8080,
      ipProtocol: 'tcp',
      toPort: 8080,
      ipv6Ranges: [{ cidrIpv6: '::/0' }],
      prefixListIds: [{ prefixListId: 'pl-0aaa1111' }],
      userIdGroupPairs: [{ groupId: 'sg-0b0b0b0b', userId: '111122223333', vpcPeeringConnectionId: null }],
    },
  ],
  ownerId: '111122223333',
  groupId: 'sg-0a0a0a0a',
  ipPermissionsEgress: [
    {
      ipProtocol: '-1',
      ipv6Ranges: [],
      prefixListIds: [],
      userIdGroupPairs: [],
      ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }],
      ipRanges: ['0.0.0.0/0'],
    },
  ],
  vpcId: 'vpc-11111111',
  tags: [{ key: 'Role', value: 'web' }],
};

describe('mapConfigurationItem', () => {
  it('maps a security group, preferring ipv4Ranges and falling back to the legacy ipRanges strings', () => {
    // Prepare
    const item = configItem('AWS::EC2::SecurityGroup', 'sg-0a0a0a0a', SG_CONFIGURATION);

    // Act
    const mapped = mapConfigurationItem(item, 'config:sg-0a0a0a0a');

    // Assess
    expect(mapped).toEqual({
      kind: 'SecurityGroup',
      value: {
        GroupId: 'sg-0a0a0a0a',
        GroupName: 'web',
        Description: 'public web tier',
        VpcId: 'vpc-11111111',
        OwnerId: '111122223333',
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh from anywhere' }],
            Ipv6Ranges: [],
            PrefixListIds: [],
            UserIdGroupPairs: [],
          },
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '192.168.0.0/16' }],
          },
          {
            IpProtocol: 'tcp',
            FromPort: 8080,
            ToPort: 8080,
            Ipv6Ranges: [{ CidrIpv6: '::/0' }],
            PrefixListIds: [{ PrefixListId: 'pl-0aaa1111' }],
            UserIdGroupPairs: [{ GroupId: 'sg-0b0b0b0b', UserId: '111122223333' }],
          },
        ],
        IpPermissionsEgress: [
          {
            IpProtocol: '-1',
            IpRanges: [{ CidrIp: '0.0.0.0/0' }],
            Ipv6Ranges: [],
            PrefixListIds: [],
            UserIdGroupPairs: [],
          },
        ],
        Tags: [{ Key: 'Role', Value: 'web' }],
      },
    });
  });

  it('maps a network ACL with its entries, port ranges and associations, dropping nulls', () => {
    // Prepare
    const item = configItem('AWS::EC2::NetworkAcl', 'acl-2e2e2e2e', {
      associations: [
        { networkAclAssociationId: 'aclassoc-2e2e2e2e', networkAclId: 'acl-2e2e2e2e', subnetId: 'subnet-aaaa1111' },
      ],
      entries: [
        {
          cidrBlock: '0.0.0.0/0',
          egress: false,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: { from: 22, to: 22 },
          protocol: '6',
          ruleAction: 'allow',
          ruleNumber: 100,
        },
        {
          cidrBlock: '10.0.0.0/8',
          egress: false,
          icmpTypeCode: { code: -1, type: 8 },
          portRange: null,
          protocol: '1',
          ruleAction: 'allow',
          ruleNumber: 110,
        },
        { egress: true, ipv6CidrBlock: '::/0', protocol: '-1', ruleAction: 'deny', ruleNumber: 32768 },
      ],
      isDefault: false,
      networkAclId: 'acl-2e2e2e2e',
      vpcId: 'vpc-11111111',
      ownerId: '111122223333',
      tags: [],
    });

    // Act
    const mapped = mapConfigurationItem(item, 'config:acl');

    // Assess
    expect(mapped).toEqual({
      kind: 'NetworkAcl',
      value: {
        NetworkAclId: 'acl-2e2e2e2e',
        VpcId: 'vpc-11111111',
        IsDefault: false,
        OwnerId: '111122223333',
        Tags: [],
        Associations: [
          { NetworkAclAssociationId: 'aclassoc-2e2e2e2e', NetworkAclId: 'acl-2e2e2e2e', SubnetId: 'subnet-aaaa1111' },
        ],
        Entries: [
          {
            CidrBlock: '0.0.0.0/0',
            Egress: false,
            PortRange: { From: 22, To: 22 },
            Protocol: '6',
            RuleAction: 'allow',
            RuleNumber: 100,
          },
          {
            CidrBlock: '10.0.0.0/8',
            Egress: false,
            IcmpTypeCode: { Code: -1, Type: 8 },
            Protocol: '1',
            RuleAction: 'allow',
            RuleNumber: 110,
          },
          { Egress: true, Ipv6CidrBlock: '::/0', Protocol: '-1', RuleAction: 'deny', RuleNumber: 32768 },
        ],
      },
    });
  });

  it('maps a route table whose configuration is a JSON string (GetResourceConfigHistory)', () => {
    // Prepare
    const configuration = JSON.stringify({
      routeTableId: 'rtb-2b2b2b2b',
      vpcId: 'vpc-11111111',
      routes: [
        { destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', origin: 'CreateRouteTable', state: 'active' },
        {
          destinationCidrBlock: '0.0.0.0/0',
          gatewayId: 'igw-5a5a5a5a',
          origin: 'CreateRoute',
          state: 'active',
          natGatewayId: null,
        },
      ],
      associations: [
        {
          main: false,
          routeTableAssociationId: 'rtbassoc-2b2b2b2b',
          routeTableId: 'rtb-2b2b2b2b',
          subnetId: 'subnet-aaaa1111',
          associationState: { state: 'associated' },
        },
      ],
      propagatingVgws: [],
    });
    const item = configItem('AWS::EC2::RouteTable', 'rtb-2b2b2b2b', configuration, { tags: { Name: 'public' } });

    // Act
    const mapped = mapConfigurationItem(item, 'history:rtb');

    // Assess
    expect(mapped).toEqual({
      kind: 'RouteTable',
      value: {
        RouteTableId: 'rtb-2b2b2b2b',
        VpcId: 'vpc-11111111',
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-5a5a5a5a', Origin: 'CreateRoute', State: 'active' },
        ],
        Associations: [
          {
            Main: false,
            RouteTableAssociationId: 'rtbassoc-2b2b2b2b',
            RouteTableId: 'rtb-2b2b2b2b',
            SubnetId: 'subnet-aaaa1111',
            AssociationState: { State: 'associated' },
          },
        ],
        PropagatingVgws: [],
        Tags: [{ Key: 'Name', Value: 'public' }],
      },
    });
  });

  it('maps a subnet, flattening the { value } state Config prints', () => {
    // Prepare
    const item = configItem('AWS::EC2::Subnet', 'subnet-aaaa1111', {
      subnetId: 'subnet-aaaa1111',
      vpcId: 'vpc-11111111',
      cidrBlock: '10.0.1.0/24',
      availabilityZone: 'eu-west-1a',
      mapPublicIpOnLaunch: true,
      assignIpv6AddressOnCreation: false,
      defaultForAz: false,
      ipv6CidrBlockAssociationSet: [
        {
          associationId: 'subnet-cidr-assoc-1',
          ipv6CidrBlock: '2600:1f18:1234:5601::/64',
          ipv6CidrBlockState: { state: 'associated' },
        },
      ],
      state: { value: 'available' },
    });

    // Act
    const mapped = mapConfigurationItem(item, 'config:subnet');

    // Assess
    expect(mapped).toEqual({
      kind: 'Subnet',
      value: {
        SubnetId: 'subnet-aaaa1111',
        VpcId: 'vpc-11111111',
        CidrBlock: '10.0.1.0/24',
        AvailabilityZone: 'eu-west-1a',
        MapPublicIpOnLaunch: true,
        AssignIpv6AddressOnCreation: false,
        DefaultForAz: false,
        Ipv6CidrBlockAssociationSet: [
          {
            AssociationId: 'subnet-cidr-assoc-1',
            Ipv6CidrBlock: '2600:1f18:1234:5601::/64',
            Ipv6CidrBlockState: { State: 'associated' },
          },
        ],
        State: 'available',
      },
    });
  });

  it('maps a VPC with its CIDR block association set', () => {
    // Prepare
    const item = configItem('AWS::EC2::VPC', 'vpc-11111111', {
      vpcId: 'vpc-11111111',
      cidrBlock: '10.0.0.0/16',
      cidrBlockAssociationSet: [
        {
          associationId: 'vpc-cidr-assoc-1',
          cidrBlock: '10.0.0.0/16',
          cidrBlockState: { state: 'associated', statusMessage: null },
        },
        { associationId: 'vpc-cidr-assoc-2', cidrBlock: '100.64.0.0/24', cidrBlockState: { state: 'associated' } },
      ],
      ipv6CidrBlockAssociationSet: [],
      isDefault: false,
      state: 'available',
      instanceTenancy: 'default',
      dhcpOptionsId: 'dopt-11111111',
      ownerId: '111122223333',
    });

    // Act
    const mapped = mapConfigurationItem(item, 'config:vpc');

    // Assess
    expect(mapped.kind).toBe('Vpc');
    expect(mapped.value).toMatchObject({
      VpcId: 'vpc-11111111',
      CidrBlockAssociationSet: [
        { AssociationId: 'vpc-cidr-assoc-1', CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
        { AssociationId: 'vpc-cidr-assoc-2', CidrBlock: '100.64.0.0/24', CidrBlockState: { State: 'associated' } },
      ],
      IsDefault: false,
      State: 'available',
      InstanceTenancy: 'default',
    });
  });

  it('accepts a configuration already in the EC2 API spelling', () => {
    // Prepare
    const ec2Shaped = {
      GroupId: 'sg-1',
      VpcId: 'vpc-1',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    };
    const item = configItem('AWS::EC2::SecurityGroup', 'sg-1', ec2Shaped);

    // Act
    const mapped = mapConfigurationItem(item, 'config:sg-1');

    // Assess
    expect(mapped).toEqual({ kind: 'SecurityGroup', value: ec2Shaped });
  });

  it('does not change the caller’s item', () => {
    // Prepare
    const item = configItem('AWS::EC2::SecurityGroup', 'sg-0a0a0a0a', structuredClone(SG_CONFIGURATION));
    const before = structuredClone(item);

    // Act
    mapConfigurationItem(item, 'config:sg');

    // Assess
    expect(item).toEqual(before);
  });

  it.each([
    [
      'a wrong field type',
      configItem('AWS::EC2::SecurityGroup', 'sg-1', {
        groupId: 'sg-1',
        ipPermissions: [{ ipProtocol: 'tcp', fromPort: '22', toPort: 22 }],
      }),
      '$.configuration.ipPermissions[0].fromPort',
      /expected an integer from -1 to 65535, got the string "22"/,
    ],
    [
      'a bad CIDR in the legacy ipRanges',
      configItem('AWS::EC2::SecurityGroup', 'sg-1', {
        groupId: 'sg-1',
        ipPermissions: [{ ipProtocol: '-1', ipRanges: ['anywhere'] }],
      }),
      '$.configuration.ipPermissions[0].ipRanges[0]',
      /IPv4 CIDR/,
    ],
    [
      'a missing NACL entry field',
      configItem('AWS::EC2::NetworkAcl', 'acl-1', {
        networkAclId: 'acl-1',
        vpcId: 'vpc-1',
        entries: [{ ruleNumber: 100, protocol: '6', egress: false }],
      }),
      '$.configuration.entries[0].ruleAction',
      /one of "allow", "deny", got nothing/,
    ],
    [
      'an unsupported resource type',
      configItem('AWS::S3::Bucket', 'b', {}),
      '$.resourceType',
      /unsupported resourceType AWS::S3::Bucket \(supported: AWS::EC2::SecurityGroup/,
    ],
    [
      'an oversized notification',
      {
        messageType: 'OversizedConfigurationItemChangeNotification',
        configurationItemSummary: { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-1' },
      },
      '$',
      /oversized configuration item.*GetResourceConfigHistory/,
    ],
    [
      'an item without configuration',
      configItem('AWS::EC2::Subnet', 'subnet-1', null),
      '$.configuration',
      /missing configuration.*GetResourceConfigHistory/,
    ],
    [
      'a configuration string that is not JSON',
      configItem('AWS::EC2::VPC', 'vpc-1', '{"vpcId": '),
      '$.configuration',
      /not valid JSON/,
    ],
    [
      'a deleted resource',
      configItem('AWS::EC2::VPC', 'vpc-1', null, { configurationItemStatus: 'ResourceDeleted' }),
      '$.configurationItemStatus',
      /ResourceDeleted: a deleted resource/,
    ],
    ['a whole rule event', { invokingEvent: '{}', resultToken: 't' }, '$', /parse its invokingEvent/],
    ['not an object', 'sg-1', '$', /expected a configuration item object, got the string "sg-1"/],
  ])('throws ConfigItemError with source and JSON path for %s', (_label, item, path, message) => {
    // Prepare
    const source = 'events/config-item.json';

    // Act
    const attempt = () => mapConfigurationItem(item, source);

    // Assess
    expect(attempt).toThrow(ConfigItemError);
    try {
      attempt();
    } catch (error: unknown) {
      expect(error).toMatchObject({ name: 'ConfigItemError', source, path });
      expect((error as ConfigItemError).message).toMatch(message);
      expect((error as ConfigItemError).message.startsWith(`${source}: ${path}: `)).toBe(true);
    }
  });
});

describe('applying Config items to a snapshot', () => {
  it('replaces the resource with the same id, inserts a new one, and leaves the original snapshot alone', () => {
    // Prepare
    const snapshot = emptySnapshot();
    snapshot.SecurityGroups.push({ GroupId: 'sg-0a0a0a0a', GroupName: 'old' }, { GroupId: 'sg-0b0b0b0b' });
    const mapped = mapConfigurationItem(configItem('AWS::EC2::SecurityGroup', 'sg-0a0a0a0a', SG_CONFIGURATION), 'c');
    const subnet = mapConfigurationItem(
      configItem('AWS::EC2::Subnet', 'subnet-1', { subnetId: 'subnet-1', vpcId: 'vpc-1', mapPublicIpOnLaunch: true }),
      'c',
    );

    // Act
    const updated = applyConfigurationItem(applyConfigurationItem(snapshot, mapped), subnet);

    // Assess
    expect(updated.SecurityGroups.map((g) => [g.GroupId, g.GroupName])).toEqual([
      ['sg-0a0a0a0a', 'web'],
      ['sg-0b0b0b0b', undefined],
    ]);
    expect(updated.Subnets).toEqual([{ SubnetId: 'subnet-1', VpcId: 'vpc-1', MapPublicIpOnLaunch: true }]);
    expect(snapshot.SecurityGroups[0]?.GroupName).toBe('old');
    expect(snapshot.Subnets).toEqual([]);
  });

  it('removes the resource a deletion item names', () => {
    // Prepare
    const snapshot = emptySnapshot();
    snapshot.NetworkAcls.push({ NetworkAclId: 'acl-1', VpcId: 'vpc-1' }, { NetworkAclId: 'acl-2', VpcId: 'vpc-1' });
    const item = configItem('AWS::EC2::NetworkAcl', 'acl-1', null, { configurationItemStatus: 'ResourceDeleted' });

    // Act
    const deletion = deletedResourceOf(item);
    const updated = deletion && removeConfigurationResource(snapshot, deletion.resourceType, deletion.resourceId);

    // Assess
    expect(deletion).toEqual({ resourceType: 'AWS::EC2::NetworkAcl', resourceId: 'acl-1' });
    expect(updated?.NetworkAcls.map((a) => a.NetworkAclId)).toEqual(['acl-2']);
    expect(deletedResourceOf(configItem('AWS::EC2::NetworkAcl', 'acl-1', {}))).toBeUndefined();
  });
});
