/** EventBridge "CloudWatch Alarm State Change" events for NetWarden's own alarms. */
import { EventValidationError } from './event-error';
import { Fields, isObject } from './fields';

export const ALARM_DETAIL_TYPE = 'CloudWatch Alarm State Change';
export const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
export type AlarmStateValue = (typeof ALARM_STATES)[number];

export interface AlarmStateChange {
  /** EventBridge's event id. */
  eventId: string;
  alarmName: string;
  alarmArn?: string;
  state: AlarmStateValue;
  previousState?: AlarmStateValue;
  reason: string;
  time: string;
  account: string;
  region: string;
}

function stateOf(fields: Fields, key: string): AlarmStateValue {
  const state = fields.object(key);
  const value = state.string('value');
  if (!(ALARM_STATES as readonly string[]).includes(value)) {
    throw new EventValidationError(
      fields.eventId,
      `${state.path}.value`,
      `expected one of ${ALARM_STATES.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as AlarmStateValue;
}

/** Parses and validates one alarm state-change event; throws `EventValidationError` naming the field. */
export function parseAlarmEvent(raw: unknown): AlarmStateChange {
  const eventId = isObject(raw) && typeof raw.id === 'string' ? raw.id : 'unknown-event';
  const event = Fields.root(eventId, raw);
  const detailType = event.string('detail-type');
  if (detailType !== ALARM_DETAIL_TYPE) {
    event.fail('detail-type', `expected ${JSON.stringify(ALARM_DETAIL_TYPE)}, got ${JSON.stringify(detailType)}`);
  }
  const detail = event.object('detail');
  const resources = Array.isArray(event.value.resources) ? event.value.resources : [];
  const alarmArn = resources.find((r): r is string => typeof r === 'string' && r.includes(':alarm:'));
  return {
    eventId: event.string('id'),
    alarmName: detail.string('alarmName'),
    alarmArn,
    state: stateOf(detail, 'state'),
    previousState: detail.optionalObject('previousState') ? stateOf(detail, 'previousState') : undefined,
    reason: detail.object('state').optionalString('reason') ?? '',
    time: event.string('time'),
    account: event.string('account'),
    region: event.string('region'),
  };
}
