/**
 * The AWS Config custom Lambda rule event. `invokingEvent` and `ruleParameters` arrive as JSON
 * strings; the item of an oversized notification is only summarised and must be fetched.
 */
import { EventValidationError } from './event-error';
import { Fields, isObject, type JsonObject } from './fields';

export const CONFIG_MESSAGE_TYPES = [
  'ConfigurationItemChangeNotification',
  'OversizedConfigurationItemChangeNotification',
  'ScheduledNotification',
] as const;
export type ConfigMessageType = (typeof CONFIG_MESSAGE_TYPES)[number];

/** The resource types NetWarden's change-triggered rule is scoped to. */
export const CONFIG_RESOURCE_TYPES = [
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::NetworkAcl',
  'AWS::EC2::RouteTable',
  'AWS::EC2::Subnet',
  'AWS::EC2::VPC',
] as const;
export type ConfigResourceType = (typeof CONFIG_RESOURCE_TYPES)[number];

export function isConfigResourceType(text: string): text is ConfigResourceType {
  return (CONFIG_RESOURCE_TYPES as readonly string[]).includes(text);
}

/** Statuses of an item that still exists and is recorded; anything else is NOT_APPLICABLE. */
export const EVALUABLE_STATUSES = ['OK', 'ResourceDiscovered'] as const;

/** What identifies a configuration item, whether it came whole or as an oversized summary. */
export interface ConfigurationItemSummary {
  resourceType: string;
  resourceId: string;
  configurationItemStatus: string;
  configurationItemCaptureTime: string;
}

/** A whole configuration item: the summary fields plus the raw item for the model mapper. */
export interface ConfigurationItem extends ConfigurationItemSummary {
  item: JsonObject;
}

interface ConfigRuleEventBase {
  /** Names the invocation in logs and errors (Config events carry no id of their own). */
  eventId: string;
  resultToken: string;
  configRuleName: string;
  configRuleArn?: string;
  accountId: string;
  eventLeftScope: boolean;
  ruleParameters: JsonObject;
  notificationCreationTime: string;
}

export type ConfigRuleEvent =
  | (ConfigRuleEventBase & { messageType: 'ConfigurationItemChangeNotification'; configurationItem: ConfigurationItem })
  | (ConfigRuleEventBase & {
      messageType: 'OversizedConfigurationItemChangeNotification';
      configurationItemSummary: ConfigurationItemSummary;
    })
  | (ConfigRuleEventBase & { messageType: 'ScheduledNotification' });

function eventIdOf(raw: unknown): string {
  const rule = isObject(raw) && typeof raw.configRuleName === 'string' ? raw.configRuleName : 'unknown-rule';
  const token = isObject(raw) && typeof raw.resultToken === 'string' ? raw.resultToken.slice(-12) : 'no-token';
  return `config:${rule}:${token}`;
}

function summaryOf(fields: Fields): ConfigurationItemSummary {
  return {
    resourceType: fields.string('resourceType'),
    resourceId: fields.string('resourceId'),
    configurationItemStatus: fields.string('configurationItemStatus'),
    configurationItemCaptureTime: isoTime(fields, 'configurationItemCaptureTime'),
  };
}

function isoTime(fields: Fields, key: string): string {
  const text = fields.string(key);
  if (Number.isNaN(Date.parse(text))) fields.fail(key, `expected an ISO-8601 time, got ${JSON.stringify(text)}`);
  return text;
}

/** Parses and validates one Config rule invocation; throws `EventValidationError` naming the field. */
export function parseConfigRuleEvent(raw: unknown): ConfigRuleEvent {
  const eventId = eventIdOf(raw);
  const event = Fields.root(eventId, raw);
  const invoking = event.jsonString('invokingEvent');
  const messageType = invoking.string('messageType');
  const ruleParameters = event.optionalString('ruleParameters') ? event.jsonString('ruleParameters').value : {};
  const base: ConfigRuleEventBase = {
    eventId,
    resultToken: event.string('resultToken'),
    configRuleName: event.string('configRuleName'),
    configRuleArn: event.optionalString('configRuleArn'),
    accountId: event.string('accountId'),
    eventLeftScope: event.optionalBoolean('eventLeftScope') ?? false,
    ruleParameters,
    notificationCreationTime: isoTime(invoking, 'notificationCreationTime'),
  };
  switch (messageType) {
    case 'ConfigurationItemChangeNotification': {
      const item = invoking.object('configurationItem');
      return { ...base, messageType, configurationItem: { ...summaryOf(item), item: item.value } };
    }
    case 'OversizedConfigurationItemChangeNotification':
      return { ...base, messageType, configurationItemSummary: summaryOf(invoking.object('configurationItemSummary')) };
    case 'ScheduledNotification':
      return { ...base, messageType };
    default:
      throw new EventValidationError(
        eventId,
        '$.invokingEvent.messageType',
        `expected one of ${CONFIG_MESSAGE_TYPES.join(', ')}, got ${JSON.stringify(messageType)}`,
      );
  }
}
