/** An alarm on flow-log REJECTs or intent violations fired: run the assurance check and answer with evidence. */
import type { AlarmStateChange } from '../events/alarm-event';
import { type AssuranceDeps, type AssuranceReport, runAssurance } from './run-assurance';

export type AlarmOutcome =
  | { status: 'ignored'; eventId: string; reason: string }
  | ({ status: 'checked' } & AssuranceReport);

export async function respondToAlarm(
  alarm: AlarmStateChange,
  deps: Omit<AssuranceDeps, 'metrics'>,
): Promise<AlarmOutcome> {
  if (alarm.state !== 'ALARM') {
    deps.log.info('Alarm left ALARM: nothing to check', {
      eventId: alarm.eventId,
      alarmName: alarm.alarmName,
      state: alarm.state,
    });
    return { status: 'ignored', eventId: alarm.eventId, reason: `state ${alarm.state}` };
  }
  const report = await runAssurance(
    {
      source: 'alarm',
      eventId: alarm.eventId,
      description: `alarm ${alarm.alarmName} entered ALARM at ${alarm.time}: ${alarm.reason}`,
      alwaysNotify: true,
    },
    deps,
  );
  return { status: 'checked', ...report };
}
