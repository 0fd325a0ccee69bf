/** EventBridge "Scheduled Event": only its id and time matter (the run itself reads everything). */
import { Fields, isObject } from './fields';

export const SCHEDULE_DETAIL_TYPE = 'Scheduled Event';

export interface ScheduledRun {
  eventId: string;
  time: string;
}

export function parseScheduleEvent(raw: unknown): ScheduledRun {
  const eventId = isObject(raw) && typeof raw.id === 'string' ? raw.id : 'unknown-event';
  const event = Fields.root(eventId, raw);
  const detailType = event.string('detail-type');
  if (detailType !== SCHEDULE_DETAIL_TYPE) {
    event.fail('detail-type', `expected ${JSON.stringify(SCHEDULE_DETAIL_TYPE)}, got ${JSON.stringify(detailType)}`);
  }
  const time = event.string('time');
  if (Number.isNaN(Date.parse(time))) event.fail('time', `expected an ISO-8601 time, got ${JSON.stringify(time)}`);
  return { eventId: event.string('id'), time };
}
