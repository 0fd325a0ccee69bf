import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { SnsNotifier, snsSubject } from '../../../lambdas/aws/sns-notifier';

const sns = mockClient(SNSClient);

describe('SnsNotifier', () => {
  it('publishes the body with kind, severity and the facts as message attributes', async () => {
    // Prepare
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const notifier = new SnsNotifier(new SNSClient({ region: 'eu-west-1' }), 'arn:aws:sns:eu-west-1:111122223333:t');

    // Act
    await notifier.notify({
      kind: 'change',
      subject: 'NetWarden [critical] AuthorizeSecurityGroupIngress on sg-0009b4e713a5634dd',
      severity: 'critical',
      body: 'What changed: ...',
      attributes: { eventId: 'b28cd6d8-7190-4107-a8f8-a918b4cf44b7', empty: '' },
    });

    // Assess
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: 'arn:aws:sns:eu-west-1:111122223333:t',
      Message: 'What changed: ...',
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'change' },
        severity: { DataType: 'String', StringValue: 'critical' },
        eventId: { DataType: 'String', StringValue: 'b28cd6d8-7190-4107-a8f8-a918b4cf44b7' },
      },
    });
  });

  it('keeps subjects to 100 printable characters on one line', () => {
    // Act
    const subject = snsSubject(`NetWarden — ${'sg-0009b4e713a5634dd, '.repeat(10)}\nnext`);

    // Assess
    expect(subject).toHaveLength(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.endsWith('...')).toBe(true);
  });
});
