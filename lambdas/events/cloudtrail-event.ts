/**
 * A CloudTrail EC2 API call delivered by EventBridge ("AWS API Call via CloudTrail"), reduced to a
 * network change: which resources it touched, who made it and whether it succeeded.
 */
import { describeValue, EventValidationError } from './event-error';
import { Fields, isObject, type JsonObject } from './fields';
import { isNetworkEventName, NETWORK_EVENT_NAMES, type NetworkEventName } from './network-event-names';

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

export interface ChangePrincipal {
  /** `userIdentity.arn`: for a role session, the `assumed-role/...` ARN. */
  arn: string;
  /** The IAM role behind a role session (`sessionContext.sessionIssuer.arn`). */
  roleArn?: string;
  type?: string;
}

export interface NetworkChange {
  /** CloudTrail's `eventID`: the same on every delivery of one API call, so it is the deduplication key. */
  eventId: string;
  eventName: NetworkEventName;
  eventTime: string;
  account: string;
  region: string;
  principal: ChangePrincipal;
  /** Every resource id the call touched (security groups, route tables, ACLs, associations, ...), unique. */
  resourceIds: string[];
  /** Set when the call failed: nothing changed, so the change is skipped. */
  errorCode?: string;
}

/** Ids of the resources NetWarden models, as EC2 prints them. */
const RESOURCE_ID =
  /^(?:sg|acl|rtb|subnet|vpc|igw|eigw|nat|pcx|eni|i|tgw|tgw-attach|tgw-rtb|vpce|pl|fl|rtbassoc|aclassoc|eipassoc|eipalloc)-[0-9a-f]{8,17}$/;

/** Every resource id anywhere under `value` (for calls whose parameters AWS nests in a `...Request` wrapper). */
function collectIds(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (RESOURCE_ID.test(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectIds(item, into);
  } else if (isObject(value)) {
    for (const item of Object.values(value)) collectIds(item, into);
  }
}

function itemsOf(value: unknown): unknown[] {
  return isObject(value) && Array.isArray(value.items) ? value.items : [];
}

function stringAt(value: unknown, ...keys: string[]): string | undefined {
  let current = value;
  for (const key of keys) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return typeof current === 'string' && current !== '' ? current : undefined;
}

type Extractor = (request: unknown, response: unknown) => string[];

/**
 * Security-group calls read the exact field the reference names: an `Authorize*` may name the group
 * by name only, so its id comes from the response; and the generic walk would also pick up the
 * groups a rule merely references.
 */
const authorize: Extractor = (request, response) => {
  const fromResponse = itemsOf(isObject(response) ? response.securityGroupRuleSet : undefined)
    .map((item) => stringAt(item, 'groupId'))
    .filter((id): id is string => id !== undefined);
  const fromRequest = stringAt(request, 'groupId');
  return fromResponse.length > 0 ? fromResponse : fromRequest ? [fromRequest] : [];
};

const groupIdInRequest: Extractor = (request) => {
  const id = stringAt(request, 'groupId');
  return id ? [id] : [];
};

const EXTRACTORS: Partial<Record<NetworkEventName, Extractor>> = {
  AuthorizeSecurityGroupIngress: authorize,
  AuthorizeSecurityGroupEgress: authorize,
  RevokeSecurityGroupIngress: groupIdInRequest,
  RevokeSecurityGroupEgress: groupIdInRequest,
  UpdateSecurityGroupRuleDescriptionsIngress: groupIdInRequest,
  UpdateSecurityGroupRuleDescriptionsEgress: groupIdInRequest,
  DeleteSecurityGroup: groupIdInRequest,
  ModifySecurityGroupRules: (request) => {
    const id = stringAt(request, 'ModifySecurityGroupRulesRequest', 'GroupId');
    return id ? [id] : [];
  },
  CreateSecurityGroup: (_request, response) => {
    const id = stringAt(response, 'groupId');
    return id ? [id] : [];
  },
};

function extractIds(eventName: NetworkEventName, request: unknown, response: unknown): string[] {
  const specific = EXTRACTORS[eventName];
  if (specific) return [...new Set(specific(request, response))];
  const ids = new Set<string>();
  collectIds(request, ids);
  collectIds(response, ids);
  return [...ids];
}

function principalOf(detail: Fields): ChangePrincipal {
  const identity = detail.object('userIdentity');
  const issuer = identity.optionalObject('sessionContext')?.optionalObject('sessionIssuer');
  const type = identity.optionalString('type');
  // AWS services acting on their own (type AWSService) have no ARN; their invokedBy names them.
  const arn = identity.optionalString('arn') ?? identity.optionalString('invokedBy');
  if (arn === undefined) {
    throw new EventValidationError(
      identity.eventId,
      identity.pathOf('arn'),
      `expected the caller's ARN, got ${describeValue(identity.value.arn)}`,
    );
  }
  return { arn, roleArn: issuer?.optionalString('arn'), type };
}

function eventIdOf(raw: unknown): string {
  if (isObject(raw) && isObject(raw.detail) && typeof raw.detail.eventID === 'string') return raw.detail.eventID;
  if (isObject(raw) && typeof raw.id === 'string') return raw.id;
  return 'unknown-event';
}

/** Parses and validates one EventBridge CloudTrail event; throws `EventValidationError` naming the field. */
export function parseCloudTrailEvent(raw: unknown): NetworkChange {
  const eventId = eventIdOf(raw);
  const event = Fields.root(eventId, raw);
  const detailType = event.string('detail-type');
  if (detailType !== CLOUDTRAIL_DETAIL_TYPE) {
    event.fail('detail-type', `expected ${JSON.stringify(CLOUDTRAIL_DETAIL_TYPE)}, got ${JSON.stringify(detailType)}`);
  }
  const detail = event.object('detail');
  const eventName = detail.string('eventName');
  if (!isNetworkEventName(eventName)) {
    throw new EventValidationError(
      eventId,
      detail.pathOf('eventName'),
      `expected a network-changing EC2 call (${NETWORK_EVENT_NAMES.length} known), got ${JSON.stringify(eventName)}`,
    );
  }
  const change: NetworkChange = {
    eventId: detail.string('eventID'),
    eventName,
    eventTime: detail.string('eventTime'),
    account: event.string('account'),
    region: event.string('region'),
    principal: principalOf(detail),
    resourceIds: [],
  };
  const errorCode = detail.optionalString('errorCode');
  const request: JsonObject | undefined = detail.optionalObject('requestParameters')?.value;
  const response: JsonObject | undefined = detail.optionalObject('responseElements')?.value;
  const resourceIds = extractIds(eventName, request, response);
  if (errorCode !== undefined) return { ...change, errorCode, resourceIds };
  if (resourceIds.length === 0) {
    throw new EventValidationError(
      eventId,
      '$.detail.requestParameters',
      `found no resource id for ${eventName} in requestParameters or responseElements`,
    );
  }
  return { ...change, resourceIds };
}
