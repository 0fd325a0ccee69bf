import { parseCloudTrailEvent } from '../../../lambdas/events/cloudtrail-event';
import { EventValidationError } from '../../../lambdas/events/event-error';
import { NETWORK_EVENT_NAMES } from '../../../lambdas/events/network-event-names';
import { NETWORK_CHANGE_EVENT_NAMES } from '../../../lib/constructs/network-change-events';
import { exampleEvent } from './example-events';

function detailOf(event: Record<string, unknown>): Record<string, unknown> {
  return event.detail as Record<string, unknown>;
}

describe('parseCloudTrailEvent', () => {
  it('takes an Authorize* group id from the response when the caller named the group by name', () => {
    // Prepare
    const event = exampleEvent('cloudtrail-authorize-ingress-ssh-open-by-group-name.json');

    // Act
    const change = parseCloudTrailEvent(event);

    // Assess
    expect(change).toMatchObject({
      eventId: 'b28cd6d8-7190-4107-a8f8-a918b4cf44b7',
      eventName: 'AuthorizeSecurityGroupIngress',
      resourceIds: ['sg-0009b4e713a5634dd'],
      principal: {
        roleArn:
          'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformEngineer_3f1a2b4c5d6e7f80',
      },
    });
    expect(change.errorCode).toBeUndefined();
  });

  it('takes a Revoke* group id from the request', () => {
    // Prepare
    const event = exampleEvent('cloudtrail-revoke-ingress.json');

    // Act
    const change = parseCloudTrailEvent(event);

    // Assess
    expect(change.resourceIds).toEqual(['sg-085736b9e98a48025']);
  });

  it('takes a ModifySecurityGroupRules group id from the wrapped request', () => {
    // Prepare
    const event = exampleEvent('cloudtrail-modify-security-group-rules-widen-partner-range.json');

    // Act
    const change = parseCloudTrailEvent(event);

    // Assess
    expect(change.resourceIds).toEqual(['sg-06ab72cce15af20e3']);
  });

  it.each([
    ['cloudtrail-create-route-staging-to-shared-one-side.json', ['rtb-0a4f61679917794d8', 'pcx-0a0e57681360f8256']],
    ['cloudtrail-delete-route-shared-return-path.json', ['rtb-07b0dd25300b65fe9']],
    ['cloudtrail-replace-network-acl-entry-ssh-open.json', ['acl-015732295ad699467']],
    ['cloudtrail-delete-flow-logs-shared-services.json', ['fl-0d3e5a7b9c1f24680']],
  ])('finds the resource ids of %s', (file, ids) => {
    // Prepare
    const event = exampleEvent(file);

    // Act
    const change = parseCloudTrailEvent(event);

    // Assess
    expect(change.resourceIds).toEqual(ids);
  });

  it('marks a failed call with its error code instead of rejecting it', () => {
    // Prepare
    const event = exampleEvent('cloudtrail-authorize-ingress-unauthorized.json');

    // Act
    const change = parseCloudTrailEvent(event);

    // Assess
    expect(change.errorCode).toBe('Client.UnauthorizedOperation');
  });

  it('rejects an unknown event name, naming the event id and the field', () => {
    // Prepare
    const event = exampleEvent('cloudtrail-revoke-ingress.json');
    detailOf(event).eventName = 'RunInstances';

    // Act
    const act = () => parseCloudTrailEvent(event);

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(/event 4c62efa2-3d77-4900-abd6-b9dc3029ebe4: \$\.detail\.eventName: .*"RunInstances"/);
  });

  it.each([
    ['eventID', 'missing', undefined, /\$\.detail\.eventID: expected a non-empty string, got nothing/],
    ['userIdentity', 'a string', 'someone', /\$\.detail\.userIdentity: expected an object, got string/],
    ['eventTime', 'a number', 42, /\$\.detail\.eventTime: expected a non-empty string, got number 42/],
  ])('rejects detail.%s when it is %s', (field, _what, value, message) => {
    // Prepare
    const event = exampleEvent('cloudtrail-revoke-ingress.json');
    if (value === undefined) delete detailOf(event)[field];
    else detailOf(event)[field] = value;

    // Act
    const act = () => parseCloudTrailEvent(event);

    // Assess
    expect(act).toThrow(message);
  });

  it('rejects a successful call that names no resource', () => {
    // Prepare
    const event = exampleEvent('cloudtrail-delete-route-shared-return-path.json');
    detailOf(event).requestParameters = { destinationCidrBlock: '10.20.0.0/16' };

    // Act
    const act = () => parseCloudTrailEvent(event);

    // Assess
    expect(act).toThrow(/event 6c6cfde0-7b6e-4ddb-a6f5-3cd53f763658: .*found no resource id for DeleteRoute/);
  });

  it('rejects something that is not an event at all', () => {
    // Act
    const act = () => parseCloudTrailEvent('not an event');

    // Assess
    expect(act).toThrow(/event unknown-event: \$: expected an object/);
  });

  it('matches exactly the event names the stack subscribes to', () => {
    // Assess
    expect([...NETWORK_EVENT_NAMES].sort()).toEqual([...NETWORK_CHANGE_EVENT_NAMES].sort());
  });
});
