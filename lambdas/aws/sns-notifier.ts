import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notification, Notifier } from '../ports';

/** SNS e-mail subjects are limited to 100 printable ASCII characters with no line breaks. */
const SUBJECT_LIMIT = 100;

export function snsSubject(subject: string): string {
  const printable = subject.replace(/[^\x20-\x7e]/g, ' ').trim();
  return printable.length > SUBJECT_LIMIT ? `${printable.slice(0, SUBJECT_LIMIT - 3)}...` : printable;
}

/** Publishes notifications to one topic; attributes become SNS message attributes for subscription filters. */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(notification: Notification): Promise<void> {
    const attributes: Record<string, { DataType: 'String'; StringValue: string }> = {
      kind: { DataType: 'String', StringValue: notification.kind },
      severity: { DataType: 'String', StringValue: notification.severity },
    };
    for (const [key, value] of Object.entries(notification.attributes)) {
      if (value !== '') attributes[key] = { DataType: 'String', StringValue: value };
    }
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: snsSubject(notification.subject),
        Message: notification.body,
        MessageAttributes: attributes,
      }),
    );
  }
}
