import { NagSuppressions } from 'cdk-nag';
import type { AccessLogs } from './constructs/access-logs';
import type { NetWardenFunction } from './constructs/netwarden-function';

/** The cdk-nag AwsSolutions findings NetWarden accepts, each with the reason it is right here. */
export function suppressAcceptedNagFindings(functions: readonly NetWardenFunction[], accessLogs: AccessLogs): void {
  NagSuppressions.addResourceSuppressions(accessLogs.bucket, [
    {
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the server access log destination of the other buckets; logging it into itself would log its own log deliveries without end.',
    },
  ]);
  for (const f of functions) {
    NagSuppressions.addResourceSuppressions(f.deadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the dead-letter queue: the on-failure destination of the function and the DLQ of its EventBridge target.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(f.function, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x is the runtime the project targets: its dependencies (middy 6) support Node 20 and 22; moving to a newer runtime is a deliberate upgrade.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      f.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'ec2:Describe*-style reads (listed one by one), config:PutEvaluations and config:GetResourceConfigHistory support no resource-level permissions, so AWS allows nothing narrower than *.',
          appliesTo: ['Resource::*'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Read-only entries of any prefix list (AWS-managed ones are owned by the account "aws") and routes of any transit gateway route table (shared ones are owned by another account) in this region.',
          appliesTo: [
            {
              regex: '/^Resource::arn:.+:ec2:.+:(prefix-list|transit-gateway-route-table)\\/\\*$/',
            },
          ],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason: 'PutItem and Query on the history table and on its own two indexes (gsi1, gsi2) only.',
          appliesTo: [{ regex: '/^Resource::<TablesHistoryTable[A-Za-z0-9]+\\.Arn>\\/index\\/\\*$/' }],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The history export uploads one new object per day under history/ in its Object Lock bucket; the key holds the date, so it cannot be named in advance.',
          appliesTo: [{ regex: '/^Resource::<HistoryArchiveBucket[A-Za-z0-9]+\\.Arn>\\/history\\/\\*$/' }],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Compliance details of the config rules of this account and region: naming the two rules would make a cycle (rule -> function -> role policy -> rule).',
          appliesTo: [{ regex: '/^Resource::arn:.+:config:.+:config-rule\\/\\*$/' }],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Remediation may change any security group, network ACL, route table, subnet or flow log of this account and region (which one is known only when a finding appears); resources tagged netwarden:protected are denied explicitly.',
          appliesTo: [
            {
              regex:
                '/^Resource::arn:.+:ec2:.+:(security-group|security-group-rule|network-acl|route-table|subnet|vpc|vpc-flow-log)\\/\\*$/',
            },
          ],
        },
      ],
      true,
    );
  }
}
