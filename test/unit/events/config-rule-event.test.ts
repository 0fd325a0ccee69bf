import { parseConfigRuleEvent } from '../../../lambdas/events/config-rule-event';
import { EventValidationError } from '../../../lambdas/events/event-error';
import { exampleEvent } from './example-events';

describe('parseConfigRuleEvent', () => {
  it('parses a change notification with its item from the JSON-string invokingEvent', () => {
    // Prepare
    const event = exampleEvent('config-change-notification-security-group.json');

    // Act
    const parsed = parseConfigRuleEvent(event);

    // Assess
    expect(parsed.messageType).toBe('ConfigurationItemChangeNotification');
    if (parsed.messageType !== 'ConfigurationItemChangeNotification') return;
    expect(parsed.configurationItem.resourceType).toBe('AWS::EC2::SecurityGroup');
    expect(parsed.configurationItem.configurationItemStatus).toBe('OK');
    expect(parsed.configurationItem.item.configuration).toMatchObject({
      groupId: 'sg-0009b4e713a5634dd',
      ipPermissions: [expect.objectContaining({ ipProtocol: 'tcp', fromPort: 22 })],
    });
  });

  it('reads the oversized summary from configurationItemSummary', () => {
    // Prepare
    const event = exampleEvent('config-oversized-change-notification-security-group.json');

    // Act
    const parsed = parseConfigRuleEvent(event);

    // Assess
    expect(parsed).toMatchObject({
      messageType: 'OversizedConfigurationItemChangeNotification',
      configurationItemSummary: {
        resourceId: 'sg-0d7267251fa05346d',
        configurationItemCaptureTime: '2026-11-21T08:15:40.207Z',
      },
    });
  });

  it('parses a scheduled notification', () => {
    // Prepare
    const event = exampleEvent('config-scheduled-notification.json');

    // Act
    const parsed = parseConfigRuleEvent(event);

    // Assess
    expect(parsed.messageType).toBe('ScheduledNotification');
    expect(Date.parse(parsed.notificationCreationTime)).not.toBeNaN();
  });

  it('rejects an invokingEvent that is an object instead of a JSON string', () => {
    // Prepare
    const event = exampleEvent('config-change-notification-security-group.json');
    event.invokingEvent = JSON.parse(event.invokingEvent as string);

    // Act
    const act = () => parseConfigRuleEvent(event);

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(/\$\.invokingEvent: expected a non-empty string, got an object/);
  });

  it('rejects an unknown message type, naming the rule and the field', () => {
    // Prepare
    const event = exampleEvent('config-scheduled-notification.json');
    const invoking = JSON.parse(event.invokingEvent as string) as Record<string, unknown>;
    invoking.messageType = 'ConfigurationSnapshotDeliveryCompleted';
    event.invokingEvent = JSON.stringify(invoking);

    // Act
    const act = () => parseConfigRuleEvent(event);

    // Assess
    expect(act).toThrow(
      /event config:[\w-]+:.*\$\.invokingEvent\.messageType: .*ConfigurationSnapshotDeliveryCompleted/,
    );
  });

  it('rejects a missing result token', () => {
    // Prepare
    const event = exampleEvent('config-scheduled-notification.json');
    delete event.resultToken;

    // Act
    const act = () => parseConfigRuleEvent(event);

    // Assess
    expect(act).toThrow(/\$\.resultToken: expected a non-empty string, got nothing/);
  });
});
