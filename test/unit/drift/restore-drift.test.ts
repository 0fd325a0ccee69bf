/**
 * The drift use case end to end with the AWS writer on a mocked EC2 client: a CloudTrail DeleteRoute
 * event becomes exactly one CreateRoute call with the baseline's target, recorded in the history.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateFlowLogsCommand,
  CreateRouteCommand,
  DescribeFlowLogsCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { Ec2NetworkWriter } from '../../../lambdas/aws/ec2-network-writer';
import { type Baseline, captureBaseline } from '../../../lambdas/core/drift/baseline';
import { diffSnapshots } from '../../../lambdas/core/drift/diff';
import type { HistoryQuery } from '../../../lambdas/core/history/query';
import type { HistoryRecord } from '../../../lambdas/core/history/records';
import type { Snapshot } from '../../../lambdas/core/model/snapshot';
import { type NetworkChange, parseCloudTrailEvent } from '../../../lambdas/events/cloudtrail-event';
import type {
  BaselineStore,
  HistoryPage,
  HistoryStore,
  Notification,
  Notifier,
  StoredBaseline,
} from '../../../lambdas/ports';
import { restoreDrift } from '../../../lambdas/usecases/drift/restore-drift';
import { parseRuntimeSettings } from '../../../lambdas/usecases/runtime-settings';
import { ACME, acme, acmeIntents, withStagingReturnRoute } from '../../fixtures/drift/acme';

const EVENTS = path.join(__dirname, '../../../examples/acme/events');
const SNAPSHOT = path.join(__dirname, '../../../examples/acme/snapshot');
const NOW = new Date('2026-11-18T16:34:30.000Z');
const ec2 = mockClient(EC2Client);

function deleteRouteEvent(): NetworkChange {
  return parseCloudTrailEvent(
    JSON.parse(readFileSync(path.join(EVENTS, 'cloudtrail-delete-route-shared-return-path.json'), 'utf8')),
  );
}

class MemoryBaselines implements BaselineStore {
  readonly location = 's3://netwarden-state/drift/baseline.json';
  saved: Baseline[] = [];
  constructor(private current: Baseline) {}
  async load(): Promise<StoredBaseline> {
    return { baseline: this.current, version: `v${this.saved.length + 1}`, etag: `"e${this.saved.length + 1}"` };
  }
  async save(baseline: Baseline): Promise<{ version: string }> {
    this.saved.push(baseline);
    this.current = baseline;
    return { version: `v${this.saved.length + 1}` };
  }
}

class MemoryHistory implements HistoryStore {
  readonly records: HistoryRecord[] = [];
  async append(record: HistoryRecord): Promise<void> {
    this.records.push(record);
  }
  async appendAll(records: readonly HistoryRecord[]): Promise<void> {
    this.records.push(...records);
  }
  async query(query: HistoryQuery): Promise<HistoryPage> {
    return { records: this.records.filter((r) => !query.kinds || query.kinds.includes(r.kind)) };
  }
  async *iterate(query: HistoryQuery): AsyncIterable<HistoryRecord> {
    yield* (await this.query(query)).records;
  }
}

class MemoryNotifier implements Notifier {
  readonly sent: Notification[] = [];
  async notify(notification: Notification): Promise<void> {
    this.sent.push(notification);
  }
}

let current: Snapshot;
let approved: Snapshot;

beforeAll(async () => {
  current = await acme();
  approved = withStagingReturnRoute(current);
});

beforeEach(() => {
  ec2.reset();
});

function setup(settingsJson?: string, baselineOf: Snapshot = approved) {
  const baselines = new MemoryBaselines(
    captureBaseline(baselineOf, { capturedAt: '2026-11-01T00:00:00.000Z', origin: 'aws:eu-west-1' }),
  );
  const history = new MemoryHistory();
  const notifier = new MemoryNotifier();
  const deps = {
    baselines,
    network: { full: async () => current, withFresh: async () => current },
    settings: parseRuntimeSettings(settingsJson, 'test settings'),
    checkIntents: acmeIntents(),
    writer: new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), { sleep: async () => {} }),
    history,
    notifier,
    ownRoleArns: ['arn:aws:iam::111122223333:role/netwarden-remediator'],
    now: () => NOW,
  };
  return { deps, baselines, history, notifier };
}

describe('restoreDrift', () => {
  it('answers a CloudTrail DeleteRoute with a CreateRoute of the baseline target on EC2', async () => {
    // Prepare
    // What describe-route-tables prints for the table now (the route is already gone).
    const printed = JSON.parse(readFileSync(path.join(SNAPSHOT, 'describe-route-tables.json'), 'utf8'));
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: printed.RouteTables.filter((t: { RouteTableId: string }) => t.RouteTableId === ACME.sharedPrivate),
    });
    ec2.on(CreateRouteCommand).resolves({ Return: true, $metadata: { requestId: 'req-create-route-1' } });
    const { deps, history, notifier } = setup();

    // Act
    const outcome = await restoreDrift({ source: 'cloudtrail', change: deleteRouteEvent() }, deps);

    // Assess
    expect(ec2.commandCalls(CreateRouteCommand).map((c) => c.args[0].input)).toEqual([
      {
        RouteTableId: 'rtb-07b0dd25300b65fe9',
        DestinationCidrBlock: '10.20.0.0/16',
        VpcPeeringConnectionId: 'pcx-0a0e57681360f8256',
      },
    ]);
    expect(outcome).toMatchObject({
      status: 'evaluated',
      items: [
        {
          resourceId: ACME.sharedPrivate,
          path: 'routes["10.20.0.0/16"]',
          outcome: 'remediate',
          applied: true,
        },
      ],
    });
    const actions = history.records.filter((r) => r.kind === 'action');
    expect(actions.map((r) => (r.kind === 'action' ? r.status : ''))).toEqual(['simulated', 'applied']);
    expect(actions[1]).toMatchObject({
      ruleId: 'drift-route-table',
      resourceId: ACME.sharedPrivate,
      requestIds: ['req-create-route-1'],
      trigger: { source: 'cloudtrail', eventId: '6c6cfde0-7b6e-4ddb-a6f5-3cd53f763658' },
    });
    expect(history.records.filter((r) => r.kind === 'decision')).toEqual([
      expect.objectContaining({
        outcome: 'remediate',
        findingKey: `drift|${ACME.sharedPrivate}|routes["10.20.0.0/16"]`,
      }),
    ]);
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]?.body).toContain(
      'DeleteRoute by arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_PlatformEngineer',
    );
    expect(notifier.sent[0]?.body).toContain(
      'done: CreateRoute rtb-07b0dd25300b65fe9 10.20.0.0/16 -> pcx-0a0e57681360f8256',
    );
  });

  it('answers a CloudTrail DeleteFlowLogs with a CreateFlowLogs of the baseline flow log', async () => {
    // Prepare: the baseline still had the shared-services flow log the event deleted
    const sharedVpc = 'vpc-032a799282ffebf17';
    const logged = {
      ...current,
      FlowLogs: [
        ...current.FlowLogs,
        {
          FlowLogId: 'fl-0d3e5a7b9c1f24680',
          ResourceId: sharedVpc,
          TrafficType: 'ALL',
          FlowLogStatus: 'ACTIVE',
          LogDestinationType: 'cloud-watch-logs',
          LogGroupName: '/vpc/flow-logs/acme-shared-services',
          DeliverLogsPermissionArn: 'arn:aws:iam::111122223333:role/vpc-flow-logs-delivery',
        },
      ],
    };
    const vpcs = JSON.parse(readFileSync(path.join(SNAPSHOT, 'describe-vpcs.json'), 'utf8'));
    ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: vpcs.Vpcs.filter((v: { VpcId: string }) => v.VpcId === sharedVpc),
    });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-0aaaabbbbccccdddd'], Unsuccessful: [] });
    const { deps } = setup(undefined, logged);
    const change = parseCloudTrailEvent(
      JSON.parse(readFileSync(path.join(EVENTS, 'cloudtrail-delete-flow-logs-shared-services.json'), 'utf8')),
    );

    // Act
    const outcome = await restoreDrift({ source: 'cloudtrail', change }, deps);

    // Assess
    expect(ec2.commandCalls(CreateFlowLogsCommand).map((c) => c.args[0].input)).toEqual([
      {
        ResourceIds: [sharedVpc],
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: '/vpc/flow-logs/acme-shared-services',
        DeliverLogsPermissionArn: 'arn:aws:iam::111122223333:role/vpc-flow-logs-delivery',
      },
    ]);
    expect(outcome).toMatchObject({ status: 'evaluated', items: [{ class: 'risky', applied: true }] });
  });

  it('accepts the change into the baseline when a trusted IaC role made it, and writes nothing to EC2', async () => {
    // Prepare
    const trusted =
      'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformEngineer_3f1a2b4c5d6e7f80';
    const { deps, baselines, history } = setup(JSON.stringify({ trustedPrincipals: [trusted] }));

    // Act
    const outcome = await restoreDrift({ source: 'cloudtrail', change: deleteRouteEvent() }, deps);

    // Assess
    expect(outcome).toEqual({ status: 'approved', by: trusted, differences: 1, version: 'v2' });
    expect(ec2.commandCalls(CreateRouteCommand)).toHaveLength(0);
    const saved = baselines.saved[0];
    expect(saved?.approvals).toEqual([expect.objectContaining({ by: trusted, resources: [ACME.sharedPrivate] })]);
    expect(saved && diffSnapshots(saved, current)).toEqual([]);
    expect(history.records).toEqual([
      expect.objectContaining({
        kind: 'decision',
        outcome: 'skip',
        reason: expect.stringContaining('trusted principal'),
      }),
    ]);
  });

  it('ignores NetWarden’s own changes and failed calls', async () => {
    // Prepare
    const { deps } = setup();
    const own = deleteRouteEvent();
    own.principal = {
      arn: 'arn:aws:sts::111122223333:assumed-role/netwarden-remediator/drift',
      roleArn: deps.ownRoleArns[0],
    };
    const failed = { ...deleteRouteEvent(), errorCode: 'Client.InvalidRoute.NotFound' };

    // Act
    const outcomes = [
      await restoreDrift({ source: 'cloudtrail', change: own }, deps),
      await restoreDrift({ source: 'cloudtrail', change: failed }, deps),
    ];

    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['ignored', 'ignored']);
    expect(ec2.calls()).toHaveLength(0);
  });

  it('reports without restoring when no writer is configured', async () => {
    // Prepare
    const { deps, notifier } = setup();
    const { writer: _unused, ...reportOnly } = deps;

    // Act
    const outcome = await restoreDrift({ source: 'schedule', id: 'assurance-2026-11-18' }, reportOnly);

    // Assess
    expect(outcome).toMatchObject({ status: 'evaluated', items: [{ outcome: 'notify', applied: false }] });
    expect(notifier.sent[0]?.kind).toBe('assurance');
    expect(ec2.calls()).toHaveLength(0);
  });
});
