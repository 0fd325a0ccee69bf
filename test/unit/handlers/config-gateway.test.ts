import {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AwsConfigRuleGateway, truncateAnnotation } from '../../../lambdas/aws/config-evaluations';
import type { ComplianceEvaluation } from '../../../lambdas/usecases/config-rule-gateway';

const config = mockClient(ConfigServiceClient);

function evaluation(i: number, annotation = 'No NetWarden finding.'): ComplianceEvaluation {
  return {
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: `sg-0${i.toString(16).padStart(16, '0')}`,
    compliance: 'COMPLIANT',
    annotation,
    orderingTimestamp: new Date('2026-11-22T00:00:07.531Z'),
  };
}

beforeEach(() => {
  config.reset();
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
});

describe('AwsConfigRuleGateway', () => {
  it('sends 101 evaluations in two calls of at most 100, each with the result token', async () => {
    // Prepare
    const gateway = new AwsConfigRuleGateway(new ConfigServiceClient({ region: 'eu-west-1' }));

    // Act
    const calls = await gateway.putEvaluations(
      'token-1',
      Array.from({ length: 101 }, (_, i) => evaluation(i)),
    );

    // Assess
    expect(calls).toBe(2);
    const sent = config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input);
    expect(sent.map((s) => s.Evaluations?.length)).toEqual([100, 1]);
    expect(sent.every((s) => s.ResultToken === 'token-1')).toBe(true);
  });

  it('truncates a 300-character annotation to 256 with a marker', async () => {
    // Prepare
    const gateway = new AwsConfigRuleGateway(new ConfigServiceClient({ region: 'eu-west-1' }));
    const long = 'x'.repeat(300);

    // Act
    await gateway.putEvaluations('token-1', [evaluation(1, long)]);

    // Assess
    const annotation = config.commandCalls(PutEvaluationsCommand)[0]?.args[0].input.Evaluations?.[0]?.Annotation ?? '';
    expect(annotation).toHaveLength(256);
    expect(annotation.endsWith(' [...]')).toBe(true);
    expect(truncateAnnotation('short')).toBe('short');
  });

  it('fails when Config rejects evaluations, naming them, after sending every batch', async () => {
    // Prepare
    const gateway = new AwsConfigRuleGateway(new ConfigServiceClient({ region: 'eu-west-1' }));
    config
      .on(PutEvaluationsCommand)
      .resolvesOnce({
        FailedEvaluations: [
          {
            ComplianceResourceType: 'AWS::EC2::SecurityGroup',
            ComplianceResourceId: 'sg-00000000000000001',
            ComplianceType: 'COMPLIANT',
            OrderingTimestamp: new Date(),
          },
        ],
      })
      .resolves({ FailedEvaluations: [] });

    // Act
    const act = gateway.putEvaluations(
      'token-1',
      Array.from({ length: 150 }, (_, i) => evaluation(i)),
    );

    // Assess
    await expect(act).rejects.toThrow(
      'PutEvaluations rejected 1 evaluation(s): AWS::EC2::SecurityGroup sg-00000000000000001',
    );
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 2);
  });

  it('fails clearly when the configuration history has no item', async () => {
    // Prepare
    const gateway = new AwsConfigRuleGateway(new ConfigServiceClient({ region: 'eu-west-1' }));
    config.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [] });

    // Act
    const act = gateway.fetchItem({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg-0d7267251fa05346d',
      configurationItemStatus: 'OK',
      configurationItemCaptureTime: '2026-11-21T08:15:40.207Z',
    });

    // Assess
    await expect(act).rejects.toThrow(
      'GetResourceConfigHistory returned no item for AWS::EC2::SecurityGroup sg-0d7267251fa05346d at 2026-11-21T08:15:40.207Z',
    );
  });
});
