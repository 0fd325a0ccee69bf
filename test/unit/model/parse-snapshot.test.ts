import fc from 'fast-check';
import { parseSnapshotDocuments } from '../../../lambdas/core/model/parse-snapshot';

const doc = (name: string, value: unknown) => ({ name, text: JSON.stringify(value, null, 2) });

const WEB_GROUP = {
  GroupId: 'sg-0a0a0a0a',
  GroupName: 'web',
  VpcId: 'vpc-11111111',
  IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  IpPermissionsEgress: [],
};

describe('parseSnapshotDocuments', () => {
  it('recognises files by their top-level key whatever their name, and ignores paging keys', () => {
    // Prepare
    const docs = [
      doc('a.json', { Vpcs: [{ VpcId: 'vpc-11111111', CidrBlock: '10.0.0.0/16' }], NextToken: 'abc' }),
      doc('b.json', { SecurityGroups: [WEB_GROUP] }),
    ];

    // Act
    const { snapshot, diagnostics, recognisedDocuments } = parseSnapshotDocuments(docs);

    // Assess
    expect(diagnostics).toEqual([]);
    expect(snapshot.Vpcs.map((v) => v.VpcId)).toEqual(['vpc-11111111']);
    expect(snapshot.SecurityGroups).toEqual([WEB_GROUP]);
    expect(recognisedDocuments).toEqual(['a.json', 'b.json']);
  });

  it('reads several keys from one merged file, including the keyed prefix-list and TGW route maps', () => {
    // Prepare
    const merged = doc('snapshot.json', {
      Vpcs: [{ VpcId: 'vpc-11111111' }],
      Subnets: [{ SubnetId: 'subnet-aaaa1111', VpcId: 'vpc-11111111', CidrBlock: '10.0.1.0/24' }],
      PrefixListEntries: { 'pl-0aaa1111': [{ Cidr: '192.0.2.0/24' }] },
      TransitGatewayRoutes: { 'tgw-rtb-0abc1234': [{ DestinationCidrBlock: '10.1.0.0/16', State: 'active' }] },
    });

    // Act
    const { snapshot, diagnostics } = parseSnapshotDocuments([merged]);

    // Assess
    expect(diagnostics).toEqual([]);
    expect(snapshot.Subnets).toHaveLength(1);
    expect(snapshot.PrefixListEntries).toEqual({ 'pl-0aaa1111': [{ Cidr: '192.0.2.0/24' }] });
    expect(snapshot.TransitGatewayRoutes['tgw-rtb-0abc1234']).toEqual([
      { DestinationCidrBlock: '10.1.0.0/16', State: 'active' },
    ]);
  });

  it('concatenates files with the same key and warns about a duplicate id, keeping the first copy', () => {
    // Prepare
    const first = doc('page1.json', { Vpcs: [{ VpcId: 'vpc-11111111', CidrBlock: '10.0.0.0/16' }] });
    const second = doc('page2.json', {
      Vpcs: [
        { VpcId: 'vpc-22222222', CidrBlock: '10.1.0.0/16' },
        { VpcId: 'vpc-11111111', CidrBlock: '10.9.0.0/16' },
      ],
    });

    // Act
    const { snapshot, diagnostics } = parseSnapshotDocuments([first, second]);

    // Assess
    expect(snapshot.Vpcs.map((v) => [v.VpcId, v.CidrBlock])).toEqual([
      ['vpc-11111111', '10.0.0.0/16'],
      ['vpc-22222222', '10.1.0.0/16'],
    ]);
    expect(diagnostics).toEqual([
      {
        level: 'warning',
        source: 'page2.json',
        path: '$.Vpcs[1]',
        message: 'duplicate Vpcs id vpc-11111111: already read from page1.json at $.Vpcs[0]; this copy skipped',
      },
    ]);
  });

  it('takes the parent of Entries and Routes from a top-level key, or else from the file name', () => {
    // Prepare
    const docs = [
      doc('lists/pl-0aaa1111.json', { Entries: [{ Cidr: '198.51.100.0/24' }] }),
      doc('lists/more.json', { PrefixListId: 'pl-0bbb2222', Entries: [{ Cidr: '2001:db8::/48' }] }),
      doc('lists/pl-0aaa1111-page2.json', { Entries: [{ Cidr: '192.0.2.0/24' }] }),
      doc('tgw/tgw-rtb-0abc1234.json', {
        Routes: [{ DestinationCidrBlock: '10.0.0.0/8' }],
        AdditionalRoutesAvailable: false,
      }),
      doc('tgw/search.json', { TransitGatewayRouteTableId: 'tgw-rtb-0def5678', Routes: [] }),
    ];

    // Act
    const { snapshot, diagnostics } = parseSnapshotDocuments(docs);

    // Assess
    expect(diagnostics).toEqual([]);
    expect(snapshot.PrefixListEntries).toEqual({
      'pl-0aaa1111': [{ Cidr: '198.51.100.0/24' }, { Cidr: '192.0.2.0/24' }],
      'pl-0bbb2222': [{ Cidr: '2001:db8::/48' }],
    });
    expect(Object.keys(snapshot.TransitGatewayRoutes)).toEqual(['tgw-rtb-0abc1234', 'tgw-rtb-0def5678']);
  });

  it('rejects Entries and Routes without a parent id, saying how to name the file', () => {
    // Prepare
    const docs = [doc('entries.json', { Entries: [{ Cidr: '192.0.2.0/24' }] }), doc('routes.json', { Routes: [] })];

    // Act
    const { snapshot, diagnostics } = parseSnapshotDocuments(docs);

    // Assess
    expect(snapshot.PrefixListEntries).toEqual({});
    expect(diagnostics.map((d) => [d.level, d.source, d.path])).toEqual([
      ['error', 'entries.json', '$.Entries'],
      ['error', 'routes.json', '$.Routes'],
    ]);
    expect(diagnostics[0]?.message).toMatch(/"PrefixListId".*pl-0123456789abcdef0\.json/);
    expect(diagnostics[1]?.message).toMatch(/"TransitGatewayRouteTableId".*tgw-rtb-0123456789abcdef0\.json/);
  });

  it('reports text that is not JSON with the file, line and column, and keeps the other files', () => {
    // Prepare
    const broken = { name: 'snap/broken.json', text: '{\n  "Vpcs": [\n    { "VpcId": "vpc-1" }\n  \n' };
    const good = doc('snap/vpcs.json', { Vpcs: [{ VpcId: 'vpc-11111111' }] });

    // Act
    const { snapshot, diagnostics } = parseSnapshotDocuments([broken, good]);

    // Assess
    expect(snapshot.Vpcs).toHaveLength(1);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ level: 'error', source: 'snap/broken.json', path: '$' });
    expect(diagnostics[0]?.message).toMatch(/^not valid JSON: .*line \d+,? column \d+/);
  });

  it('accepts a byte-order mark before the JSON', () => {
    // Prepare
    const withBom = { name: 'bom.json', text: `\uFEFF${JSON.stringify({ Vpcs: [{ VpcId: 'vpc-11111111' }] })}` };

    // Act
    const { snapshot, diagnostics } = parseSnapshotDocuments([withBom]);

    // Assess
    expect(diagnostics).toEqual([]);
    expect(snapshot.Vpcs).toHaveLength(1);
  });

  it('skips only the bad item of a wrong-typed field, naming file, JSON path and expectation', () => {
    // Prepare
    const groups = [0, 1, 2].map((i) => ({ ...WEB_GROUP, GroupId: `sg-0000000${i}` }));
    const bad = {
      ...WEB_GROUP,
      GroupId: 'sg-00000003',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: '22', ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    };

    // Act
    const { snapshot, diagnostics } = parseSnapshotDocuments([doc('sg.json', { SecurityGroups: [...groups, bad] })]);

    // Assess
    expect(snapshot.SecurityGroups.map((g) => g.GroupId)).toEqual(['sg-00000000', 'sg-00000001', 'sg-00000002']);
    expect(diagnostics).toEqual([
      {
        level: 'error',
        source: 'sg.json',
        path: '$.SecurityGroups[3].IpPermissions[0].FromPort',
        message: 'expected an integer from -1 to 65535, got the string "22"; SecurityGroups item sg-00000003 skipped',
      },
    ]);
  });

  it.each([
    [
      'a missing id',
      { Subnets: [{ VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24' }] },
      '$.Subnets[0].SubnetId',
      /non-empty id.*missing/,
    ],
    [
      'a bad CIDR',
      { Subnets: [{ SubnetId: 's-1', VpcId: 'v', CidrBlock: '10.0.1.0/33' }] },
      '$.Subnets[0].CidrBlock',
      /IPv4 CIDR/,
    ],
    [
      'an IPv6 CIDR where IPv4 belongs',
      { Vpcs: [{ VpcId: 'v', CidrBlock: '2001:db8::/56' }] },
      '$.Vpcs[0].CidrBlock',
      /IPv4 CIDR/,
    ],
    [
      'a string boolean',
      { Subnets: [{ SubnetId: 's', VpcId: 'v', MapPublicIpOnLaunch: 'true' }] },
      '$.Subnets[0].MapPublicIpOnLaunch',
      /true or false, got the string "true"/,
    ],
    [
      'an unknown protocol',
      { SecurityGroups: [{ GroupId: 'sg', IpPermissions: [{ IpProtocol: 'tcpp' }] }] },
      '$.SecurityGroups[0].IpPermissions[0].IpProtocol',
      /a protocol/,
    ],
    [
      'a bad rule action',
      {
        NetworkAcls: [
          {
            NetworkAclId: 'a',
            VpcId: 'v',
            Entries: [{ RuleNumber: 1, Protocol: '6', RuleAction: 'permit', Egress: false }],
          },
        ],
      },
      '$.NetworkAcls[0].Entries[0].RuleAction',
      /one of "allow", "deny"/,
    ],
    [
      'a bad address',
      { NetworkInterfaces: [{ NetworkInterfaceId: 'e', SubnetId: 's', VpcId: 'v', PrivateIpAddress: '10.0.0.256' }] },
      '$.NetworkInterfaces[0].PrivateIpAddress',
      /IPv4 address/,
    ],
    [
      'an object instead of an item list',
      { Vpcs: { VpcId: 'vpc-1' } },
      '$.Vpcs',
      /expected an array of Vpcs, got an object/,
    ],
    ['a non-object item', { Vpcs: ['vpc-1'] }, '$.Vpcs[0]', /expected an object, got the string "vpc-1"/],
    ['a bad prefix-list entry', { PrefixListId: 'pl-1', Entries: [{ Cidr: 'office' }] }, '$.Entries[0].Cidr', /CIDR/],
  ])('reports %s as an error at its JSON path', (_label, content, path, message) => {
    // Prepare
    const input = doc('bad.json', content);

    // Act
    const { diagnostics } = parseSnapshotDocuments([input]);

    // Assess
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ level: 'error', source: 'bad.json', path });
    expect(diagnostics[0]?.message).toMatch(message);
  });

  it('warns about an unknown top-level key and a top-level value that is not an object', () => {
    // Prepare
    const docs = [doc('x.json', { Vpcs: [], Buckets: [] }), doc('y.json', [1, 2])];

    // Act
    const { diagnostics, recognisedDocuments } = parseSnapshotDocuments(docs);

    // Assess
    expect(diagnostics).toEqual([
      { level: 'warning', source: 'x.json', path: '$.Buckets', message: 'unknown top-level key Buckets skipped' },
      {
        level: 'error',
        source: 'y.json',
        path: '$',
        message: 'expected a JSON object with top-level keys such as "Vpcs" or "SecurityGroups", got an array',
      },
    ]);
    expect(recognisedDocuments).toEqual(['x.json']);
  });

  it('drops null optional fields, as SDK dumps print them, instead of failing', () => {
    // Prepare
    const input = doc('sdk.json', {
      Subnets: [{ SubnetId: 's-1', VpcId: 'v-1', CidrBlock: '10.0.0.0/24', Ipv6CidrBlockAssociationSet: null }],
    });

    // Act
    const { snapshot, diagnostics } = parseSnapshotDocuments([input]);

    // Assess
    expect(diagnostics).toEqual([]);
    expect(snapshot.Subnets[0]).toEqual({ SubnetId: 's-1', VpcId: 'v-1', CidrBlock: '10.0.0.0/24' });
  });

  it('accepts every valid port and rejects every non-integer or out-of-range one (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1, max: 65535 }),
          fc.integer(),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.string(),
        ),
        (port) => {
          // Prepare
          const group = { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: 443 }] };

          // Act
          const { snapshot } = parseSnapshotDocuments([doc('p.json', { SecurityGroups: [group] })]);

          // Assess
          const valid = Number.isInteger(port) && (port as number) >= -1 && (port as number) <= 65535;
          expect(snapshot.SecurityGroups).toHaveLength(valid ? 1 : 0);
        },
      ),
    );
  });

  it('accepts every well-formed IPv4 CIDR in an ingress range (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        // Prepare
        const group = {
          GroupId: 'sg-1',
          IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: `${address}/${prefix}` }] }],
        };

        // Act
        const { diagnostics } = parseSnapshotDocuments([doc('c.json', { SecurityGroups: [group] })]);

        // Assess
        expect(diagnostics).toEqual([]);
      }),
    );
  });
});
