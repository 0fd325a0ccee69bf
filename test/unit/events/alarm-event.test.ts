import { parseAlarmEvent } from '../../../lambdas/events/alarm-event';
import { parseScheduleEvent } from '../../../lambdas/events/schedule-event';
import { exampleEvent } from './example-events';

describe('parseAlarmEvent', () => {
  it('reads the alarm name, state and reason', () => {
    // Prepare
    const event = exampleEvent('cloudwatch-alarm-state-change-security-group-changes.json');

    // Act
    const alarm = parseAlarmEvent(event);

    // Assess
    expect(alarm.eventId).toBe(event.id);
    expect(alarm.state).toBe('ALARM');
    expect(alarm.alarmName.length).toBeGreaterThan(0);
    expect(alarm.alarmArn).toMatch(/^arn:aws:cloudwatch:/);
  });

  it('rejects an unknown state value, naming the event id', () => {
    // Prepare
    const event = exampleEvent('cloudwatch-alarm-state-change-security-group-changes.json');
    ((event.detail as Record<string, unknown>).state as Record<string, unknown>).value = 'PANIC';

    // Act
    const act = () => parseAlarmEvent(event);

    // Assess
    expect(act).toThrow(new RegExp(`event ${String(event.id)}: \\$\\.detail\\.state\\.value: .*"PANIC"`));
  });

  it('rejects an event of another detail type', () => {
    // Prepare
    const event = exampleEvent('cloudwatch-alarm-state-change-security-group-changes.json');
    event['detail-type'] = 'Scheduled Event';

    // Act
    const act = () => parseAlarmEvent(event);

    // Assess
    expect(act).toThrow(/\$\.detail-type: expected "CloudWatch Alarm State Change"/);
  });
});

describe('parseScheduleEvent', () => {
  it('reads id and time, and rejects a time that is not one', () => {
    // Prepare
    const event = {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '111122223333',
      time: '2026-11-22T06:00:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:events:eu-west-1:111122223333:rule/NetWarden-AssuranceSchedule'],
      detail: {},
    };

    // Act
    const run = parseScheduleEvent(event);
    const act = () => parseScheduleEvent({ ...event, time: 'soon' });

    // Assess
    expect(run).toEqual({ eventId: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa', time: '2026-11-22T06:00:00Z' });
    expect(act).toThrow(/event 53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa: \$\.time: expected an ISO-8601 time/);
  });
});
