import type { Notification, Notifier } from '../../ports';

/** The embedded `Notifier`: keeps what would have been published to the SNS topic. */
export class CollectingNotifier implements Notifier {
  private readonly sent: Notification[] = [];

  async notify(notification: Notification): Promise<void> {
    this.sent.push(structuredClone(notification));
  }

  /** Every notification since the last call, oldest first; the list is emptied. */
  take(): Notification[] {
    return this.sent.splice(0);
  }
}
