import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeFlowLogsCommand,
  DescribeManagedPrefixListsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  GetManagedPrefixListEntriesCommand,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsReadError, Ec2NetworkReader } from '../../../lambdas/aws/ec2-network-reader';
import { writeSnapshotFolder } from '../../../lambdas/local/snapshot-folder';

const ec2 = mockClient(EC2Client);

function awsError(name: string, message: string): EC2ServiceException {
  return new EC2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message });
}

/** Every describe call answers with an empty page unless a test says otherwise. */
function emptyAccount(): void {
  ec2.reset();
  ec2.onAnyCommand().resolves({});
}

function reader(progress: string[] = []): Ec2NetworkReader {
  return new Ec2NetworkReader(new EC2Client({ region: 'eu-west-1' }), {
    region: 'eu-west-1',
    onProgress: (line) => progress.push(line),
  });
}

describe('Ec2NetworkReader', () => {
  afterAll(() => ec2.restore());

  it('follows NextToken across pages and keeps every item', async () => {
    // Prepare
    emptyAccount();
    ec2
      .on(DescribeVpcsCommand)
      .resolves({ Vpcs: [{ VpcId: 'vpc-0aaaaaaaaaaaaaaa1', CidrBlock: '10.0.0.0/16' }], NextToken: 'page-2' })
      .on(DescribeVpcsCommand, { NextToken: 'page-2' })
      .resolves({ Vpcs: [{ VpcId: 'vpc-0bbbbbbbbbbbbbbb2', CidrBlock: '10.1.0.0/16' }] });
    const progress: string[] = [];
    // Act
    const read = await reader(progress).read();
    // Assess
    expect(read.snapshot.Vpcs.map((v) => v.VpcId)).toEqual(['vpc-0aaaaaaaaaaaaaaa1', 'vpc-0bbbbbbbbbbbbbbb2']);
    expect(ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(2);
    expect(ec2.commandCalls(DescribeVpcsCommand)[1]?.args[0].input).toMatchObject({ NextToken: 'page-2' });
    expect(progress).toContain('DescribeVpcs: 2 item(s)');
    expect(read.origin).toBe('aws:eu-west-1');
  });

  it('reads prefix-list entries and transit gateway routes per parent, and writes them as pl-/tgw-rtb- files', async () => {
    // Prepare
    emptyAccount();
    ec2.on(DescribeManagedPrefixListsCommand).resolves({
      PrefixLists: [
        {
          PrefixListId: 'pl-0aaaaaaaaaaaaaaa1',
          PrefixListName: 'office',
          AddressFamily: 'IPv4',
          OwnerId: '111122223333',
        },
      ],
    });
    ec2
      .on(GetManagedPrefixListEntriesCommand, { PrefixListId: 'pl-0aaaaaaaaaaaaaaa1' })
      .resolves({ Entries: [{ Cidr: '198.51.100.0/24', Description: 'office' }], NextToken: 'more' })
      .on(GetManagedPrefixListEntriesCommand, { PrefixListId: 'pl-0aaaaaaaaaaaaaaa1', NextToken: 'more' })
      .resolves({ Entries: [{ Cidr: '203.0.113.0/24' }] });
    ec2.on(DescribeTransitGatewayRouteTablesCommand).resolves({
      TransitGatewayRouteTables: [
        { TransitGatewayRouteTableId: 'tgw-rtb-0aaaaaaaaaaaaaaa1', TransitGatewayId: 'tgw-0aaaaaaaaaaaaaaa1' },
      ],
    });
    ec2.on(SearchTransitGatewayRoutesCommand).resolves({
      Routes: [{ DestinationCidrBlock: '10.0.0.0/16', Type: 'propagated', State: 'active' }],
    });
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [
        {
          FlowLogId: 'fl-0aaaaaaaaaaaaaaa1',
          ResourceId: 'vpc-0aaaaaaaaaaaaaaa1',
          CreationTime: new Date('2026-01-02T03:04:05Z'),
        },
      ],
    });
    const dir = await mkdtemp(join(tmpdir(), 'netwarden-reader-'));
    try {
      // Act
      const read = await reader().read();
      const files = await writeSnapshotFolder(read.snapshot, dir);
      // Assess
      expect(read.snapshot.PrefixListEntries).toEqual({
        'pl-0aaaaaaaaaaaaaaa1': [{ Cidr: '198.51.100.0/24', Description: 'office' }, { Cidr: '203.0.113.0/24' }],
      });
      expect(ec2.commandCalls(SearchTransitGatewayRoutesCommand)[0]?.args[0].input).toEqual({
        TransitGatewayRouteTableId: 'tgw-rtb-0aaaaaaaaaaaaaaa1',
        Filters: [{ Name: 'state', Values: ['active', 'blackhole'] }],
      });
      expect(read.snapshot.FlowLogs[0]?.CreationTime).toBe('2026-01-02T03:04:05.000Z');
      const plFile = files.find((f) => f.endsWith('pl-0aaaaaaaaaaaaaaa1.json'));
      const rtbFile = files.find((f) => f.endsWith('tgw-rtb-0aaaaaaaaaaaaaaa1.json'));
      expect(plFile).toBeDefined();
      expect(rtbFile).toBeDefined();
      expect(JSON.parse(await readFile(plFile!, 'utf8'))).toMatchObject({ PrefixListId: 'pl-0aaaaaaaaaaaaaaa1' });
      expect(JSON.parse(await readFile(rtbFile!, 'utf8'))).toMatchObject({
        TransitGatewayRouteTableId: 'tgw-rtb-0aaaaaaaaaaaaaaa1',
        Routes: [{ DestinationCidrBlock: '10.0.0.0/16' }],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps going with a warning when an AWS-managed prefix list cannot be read, but not a customer one', async () => {
    // Prepare
    emptyAccount();
    ec2.on(DescribeManagedPrefixListsCommand).resolves({
      PrefixLists: [{ PrefixListId: 'pl-6da54004', PrefixListName: 'com.amazonaws.eu-west-1.s3', OwnerId: 'AWS' }],
    });
    ec2.on(GetManagedPrefixListEntriesCommand).rejects(awsError('InvalidPrefixListId.Malformed', 'not supported'));
    // Act
    const read = await reader().read();
    // Assess
    expect(read.snapshot.PrefixListEntries).toEqual({});
    expect(read.diagnostics).toEqual([
      expect.objectContaining({ level: 'warning', path: 'GetManagedPrefixListEntries(pl-6da54004)' }),
    ]);
  });

  it('turns AccessDenied into a clear error that names the denied call', async () => {
    // Prepare
    emptyAccount();
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    // Act
    const result = reader().read();
    // Assess
    await expect(result).rejects.toBeInstanceOf(AwsReadError);
    await expect(result).rejects.toThrow(
      'ec2:DescribeSecurityGroupRules was denied in eu-west-1 (UnauthorizedOperation)',
    );
  });

  it('says so when there are no credentials', async () => {
    // Prepare
    emptyAccount();
    const noCredentials = new Error('Could not load credentials from any providers');
    noCredentials.name = 'CredentialsProviderError';
    ec2.on(DescribeVpcsCommand).rejects(noCredentials);
    // Act
    const result = reader().read();
    // Assess
    await expect(result).rejects.toThrow('no AWS credentials for ec2:DescribeVpcs');
  });

  it('reads only the named resources when scoped, and leaves out one that no longer exists with a warning', async () => {
    // Prepare
    emptyAccount();
    ec2
      .on(DescribeSecurityGroupsCommand, { GroupIds: ['sg-0aaaaaaaaaaaaaaa1', 'sg-0bbbbbbbbbbbbbbb2'] })
      .rejects(awsError('InvalidGroup.NotFound', "The security group 'sg-0bbbbbbbbbbbbbbb2' does not exist"))
      .on(DescribeSecurityGroupsCommand, { GroupIds: ['sg-0aaaaaaaaaaaaaaa1'] })
      .resolves({ SecurityGroups: [{ GroupId: 'sg-0aaaaaaaaaaaaaaa1', GroupName: 'web' }] })
      .on(DescribeSecurityGroupsCommand, { GroupIds: ['sg-0bbbbbbbbbbbbbbb2'] })
      .rejects(awsError('InvalidGroup.NotFound', "The security group 'sg-0bbbbbbbbbbbbbbb2' does not exist"));
    // Act
    const read = await reader().read({ resourceIds: ['sg-0aaaaaaaaaaaaaaa1', 'sg-0bbbbbbbbbbbbbbb2'] });
    // Assess
    expect(read.snapshot.SecurityGroups.map((g) => g.GroupId)).toEqual(['sg-0aaaaaaaaaaaaaaa1']);
    expect(ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(0);
    expect(ec2.commandCalls(DescribeSecurityGroupRulesCommand)[0]?.args[0].input).toMatchObject({
      Filters: [{ Name: 'group-id', Values: ['sg-0aaaaaaaaaaaaaaa1', 'sg-0bbbbbbbbbbbbbbb2'] }],
    });
    expect(read.diagnostics).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('sg-0bbbbbbbbbbbbbbb2 no longer exists'),
      }),
    ]);
  });
});
