/**
 * The AWS `NetworkWriter`: EC2 SDK v3 with an injected client. Idempotent (a NotFound answer to a
 * removal and a Duplicate answer to an addition mean the desired state already holds), failures
 * isolated per resource, throttling retried with exponential backoff and full jitter, access
 * denials reported with the permission to grant. The before-state of every touched resource is
 * described from EC2 and handed to the caller before the first write.
 *
 * Give it a client whose own retries are off (`maxAttempts: 1`) when this policy should be the only
 * one; otherwise each of these attempts is itself retried by the SDK.
 */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  DeleteFlowLogsCommand,
  DeleteNetworkAclEntryCommand,
  DeleteRouteCommand,
  DescribeFlowLogsCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  ModifySubnetAttributeCommand,
  ReplaceNetworkAclEntryCommand,
  ReplaceRouteCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type UnsuccessfulItem,
} from '@aws-sdk/client-ec2';
import type {
  FlowLog,
  NetworkAcl,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Vpc,
} from '../core/model/aws-types';
import { emptySnapshot } from '../core/model/snapshot';
import type { RemediationAction, TouchedKind } from '../core/remediation/actions';
import { ActionWriteError, applyPerResource, type WriteAttempt } from '../core/remediation/apply-per-resource';
import { type ResourceState, stateFromSnapshot } from '../core/remediation/before-state';
import type { ApplyOptions, ApplyReport, NetworkWriter } from '../ports';
import {
  AttemptError,
  awsErrorCode,
  awsRequestId,
  RetriesExhaustedError,
  type RetryOptions,
  withThrottlingRetry,
} from './retry';

/** Answers that mean "what you remove is already gone" / "what you add is already there". */
const ALREADY_CODES: Partial<Record<RemediationAction['api'], readonly string[]>> = {
  RevokeSecurityGroupIngress: ['InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound'],
  RevokeSecurityGroupEgress: ['InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound'],
  AuthorizeSecurityGroupIngress: ['InvalidPermission.Duplicate'],
  AuthorizeSecurityGroupEgress: ['InvalidPermission.Duplicate'],
  DeleteNetworkAclEntry: ['InvalidNetworkAclEntry.NotFound'],
  DeleteRoute: ['InvalidRoute.NotFound'],
  DeleteFlowLogs: ['InvalidFlowLogId.NotFound'],
  CreateFlowLogs: ['FlowLogAlreadyExists'],
};

const DENIED_CODES = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']);

/** Describe calls answer these when the resource does not exist: the before-state is "not found". */
const NOT_FOUND_CODES = new Set([
  'InvalidGroup.NotFound',
  'InvalidGroupId.NotFound',
  'InvalidNetworkAclID.NotFound',
  'InvalidRouteTableID.NotFound',
  'InvalidSubnetID.NotFound',
  'InvalidVpcID.NotFound',
]);

export class Ec2NetworkWriter implements NetworkWriter {
  constructor(
    private readonly client: EC2Client,
    private readonly retry: RetryOptions = {},
  ) {}

  async describe(resources: readonly { resourceId: string; kind: TouchedKind }[]): Promise<ResourceState[]> {
    const states: ResourceState[] = [];
    for (const { resourceId, kind } of resources) states.push(await this.describeOne(resourceId, kind));
    return states;
  }

  apply(actions: readonly RemediationAction[], options: ApplyOptions): Promise<ApplyReport> {
    return applyPerResource(actions, options.recordBeforeState, {
      describe: (resourceId, kind) => this.describeOne(resourceId, kind),
      execute: (action) => this.execute(action),
    });
  }

  private async describeOne(resourceId: string, kind: TouchedKind): Promise<ResourceState> {
    const fragment = emptySnapshot();
    try {
      switch (kind) {
        case 'SecurityGroup': {
          const groups = await this.call(`describe ${resourceId}`, () =>
            this.client.send(new DescribeSecurityGroupsCommand({ GroupIds: [resourceId] })),
          );
          fragment.SecurityGroups = plain<SecurityGroup[]>(groups.SecurityGroups ?? []);
          fragment.SecurityGroupRules = await this.securityGroupRules(resourceId);
          break;
        }
        case 'NetworkAcl': {
          const acls = await this.call(`describe ${resourceId}`, () =>
            this.client.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [resourceId] })),
          );
          fragment.NetworkAcls = plain<NetworkAcl[]>(acls.NetworkAcls ?? []);
          break;
        }
        case 'RouteTable': {
          const tables = await this.call(`describe ${resourceId}`, () =>
            this.client.send(new DescribeRouteTablesCommand({ RouteTableIds: [resourceId] })),
          );
          fragment.RouteTables = plain<RouteTable[]>(tables.RouteTables ?? []);
          break;
        }
        case 'Subnet': {
          const subnets = await this.call(`describe ${resourceId}`, () =>
            this.client.send(new DescribeSubnetsCommand({ SubnetIds: [resourceId] })),
          );
          fragment.Subnets = plain<Subnet[]>(subnets.Subnets ?? []);
          break;
        }
        case 'VpcFlowLogs': {
          const vpcs = await this.call(`describe ${resourceId}`, () =>
            this.client.send(new DescribeVpcsCommand({ VpcIds: [resourceId] })),
          );
          fragment.Vpcs = plain<Vpc[]>(vpcs.Vpcs ?? []);
          fragment.FlowLogs = await this.flowLogs([{ Name: 'resource-id', Values: [resourceId] }]);
          break;
        }
      }
    } catch (error: unknown) {
      if (!(error instanceof ActionWriteError) || !NOT_FOUND_CODES.has(error.code)) throw error;
      return { resourceId, kind, found: false, fragment: emptySnapshot() };
    }
    return stateFromSnapshot(fragment, resourceId, kind);
  }

  private async securityGroupRules(groupId: string): Promise<SecurityGroupRule[]> {
    const rules: SecurityGroupRule[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(`describe rules of ${groupId}`, () =>
        this.client.send(
          new DescribeSecurityGroupRulesCommand({
            Filters: [{ Name: 'group-id', Values: [groupId] }],
            NextToken: token,
          }),
        ),
      );
      rules.push(...plain<SecurityGroupRule[]>(page.SecurityGroupRules ?? []));
      token = page.NextToken;
    } while (token);
    return rules;
  }

  private async flowLogs(filter: { Name: string; Values: string[] }[]): Promise<FlowLog[]> {
    const flowLogs: FlowLog[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('describe flow logs', () =>
        this.client.send(new DescribeFlowLogsCommand({ Filter: filter, NextToken: token })),
      );
      flowLogs.push(...plain<FlowLog[]>(page.FlowLogs ?? []));
      token = page.NextToken;
    } while (token);
    return flowLogs;
  }

  private async execute(action: RemediationAction): Promise<WriteAttempt> {
    const what = `${action.api} on ${action.resourceId}`;
    const already = ALREADY_CODES[action.api] ?? [];
    try {
      return await this.send(action, what);
    } catch (error: unknown) {
      if (error instanceof ActionWriteError && already.includes(error.code)) {
        return {
          status: 'already-in-desired-state',
          code: error.code,
          attempts: error.attempts,
          ...requestIdOf(error),
        };
      }
      throw error;
    }
  }

  private async send(action: RemediationAction, what: string): Promise<WriteAttempt> {
    switch (action.api) {
      case 'RevokeSecurityGroupIngress':
        return this.revoke(what, () => this.client.send(new RevokeSecurityGroupIngressCommand(action.params)));
      case 'RevokeSecurityGroupEgress':
        return this.revoke(what, () => this.client.send(new RevokeSecurityGroupEgressCommand(action.params)));
      case 'AuthorizeSecurityGroupIngress':
        return this.simple(what, () => this.client.send(new AuthorizeSecurityGroupIngressCommand(action.params)));
      case 'AuthorizeSecurityGroupEgress':
        return this.simple(what, () => this.client.send(new AuthorizeSecurityGroupEgressCommand(action.params)));
      case 'CreateNetworkAclEntry':
        return this.simple(what, () => this.client.send(new CreateNetworkAclEntryCommand(action.params)));
      case 'ReplaceNetworkAclEntry':
        return this.simple(what, () => this.client.send(new ReplaceNetworkAclEntryCommand(action.params)));
      case 'DeleteNetworkAclEntry':
        return this.simple(what, () => this.client.send(new DeleteNetworkAclEntryCommand(action.params)));
      case 'CreateRoute':
        return this.simple(what, () => this.client.send(new CreateRouteCommand(action.params)));
      case 'ReplaceRoute':
        return this.simple(what, () => this.client.send(new ReplaceRouteCommand(action.params)));
      case 'DeleteRoute':
        return this.simple(what, () => this.client.send(new DeleteRouteCommand(action.params)));
      case 'ModifySubnetAttribute':
        return this.simple(what, () => this.client.send(new ModifySubnetAttributeCommand(action.params)));
      case 'CreateFlowLogs': {
        const { result, attempts } = await this.callCounted(what, () =>
          this.client.send(new CreateFlowLogsCommand(action.params)),
        );
        return unsuccessfulOutcome(result.Unsuccessful, attempts, action.api, what, metadataOf(result));
      }
      case 'DeleteFlowLogs': {
        const ids =
          action.params.FlowLogIds ??
          (
            await this.flowLogs([
              { Name: 'resource-id', Values: [action.match.resourceId] },
              { Name: 'log-group-name', Values: [action.match.logGroupName] },
            ])
          ).map((f) => f.FlowLogId);
        if (ids.length === 0)
          return { status: 'already-in-desired-state', code: 'InvalidFlowLogId.NotFound', attempts: 0 };
        const { result, attempts } = await this.callCounted(what, () =>
          this.client.send(new DeleteFlowLogsCommand({ FlowLogIds: ids })),
        );
        return unsuccessfulOutcome(result.Unsuccessful, attempts, action.api, what, metadataOf(result));
      }
    }
  }

  private async revoke(
    what: string,
    fn: () => Promise<{ UnknownIpPermissions?: unknown[] | undefined; $metadata: { requestId?: string } }>,
  ): Promise<WriteAttempt> {
    const { result, attempts } = await this.callCounted(what, fn);
    // In a default VPC AWS answers success and lists the rules that did not exist: already revoked.
    if ((result.UnknownIpPermissions ?? []).length > 0) {
      return { status: 'already-in-desired-state', code: 'UnknownIpPermissions', attempts, ...metadataOf(result) };
    }
    return { status: 'applied', attempts, ...metadataOf(result) };
  }

  private async simple(what: string, fn: () => Promise<{ $metadata: { requestId?: string } }>): Promise<WriteAttempt> {
    const { result, attempts } = await this.callCounted(what, fn);
    return { status: 'applied', attempts, ...metadataOf(result) };
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return (await this.callCounted(what, fn)).result;
  }

  /** One EC2 call with throttling retries; any failure becomes an `ActionWriteError` with a clear message. */
  private async callCounted<T>(what: string, fn: () => Promise<T>): Promise<{ result: T; attempts: number }> {
    try {
      return await withThrottlingRetry(fn, this.retry);
    } catch (error: unknown) {
      if (!(error instanceof AttemptError)) throw error;
      const cause = error.error;
      if (cause instanceof RetriesExhaustedError) {
        const code = awsErrorCode(cause.lastError) ?? 'Throttling';
        throw new ActionWriteError(
          code,
          `${what}: ${cause.message}; try again later`,
          error.attempts,
          awsRequestId(cause.lastError),
        );
      }
      const code = awsErrorCode(cause) ?? 'Unknown';
      const message = cause instanceof Error ? cause.message : String(cause);
      if (DENIED_CODES.has(code)) {
        const api = what.split(' ')[0] ?? what;
        throw new ActionWriteError(
          code,
          `${what} was denied (${code}): the role NetWarden runs as needs ec2:${api.startsWith('describe') ? 'Describe*' : api} on this resource ` +
            `(check its IAM policy, permission boundary and SCPs; decode an encoded message with aws sts decode-authorization-message). AWS said: ${message}`,
          error.attempts,
          awsRequestId(cause),
        );
      }
      throw new ActionWriteError(code, `${what} failed (${code}): ${message}`, error.attempts, awsRequestId(cause));
    }
  }
}

function unsuccessfulOutcome(
  unsuccessful: UnsuccessfulItem[] | undefined,
  attempts: number,
  api: RemediationAction['api'],
  what: string,
  metadata: { requestId?: string },
): WriteAttempt {
  const errors = (unsuccessful ?? []).map((item) => ({
    code: item.Error?.Code ?? 'Unknown',
    message: item.Error?.Message ?? '',
  }));
  if (errors.length === 0) return { status: 'applied', attempts, ...metadata };
  const already = ALREADY_CODES[api] ?? [];
  if (errors.every((e) => already.includes(e.code))) {
    return { status: 'already-in-desired-state', code: errors[0]?.code ?? 'Unknown', attempts, ...metadata };
  }
  const first = errors.find((e) => !already.includes(e.code)) ?? { code: 'Unknown', message: '' };
  throw new ActionWriteError(
    first.code,
    `${what} failed (${first.code}): ${first.message}`,
    attempts,
    metadata.requestId,
  );
}

/** The request id AWS answered with (absent in some stubbed responses, so read defensively). */
function metadataOf(result: { $metadata?: { requestId?: string } }): { requestId?: string } {
  const requestId = result.$metadata?.requestId;
  return requestId === undefined ? {} : { requestId };
}

function requestIdOf(error: ActionWriteError): { requestId?: string } {
  return error.requestId === undefined ? {} : { requestId: error.requestId };
}

/** SDK output as plain JSON in AWS's shape (dates become ISO strings, as the AWS CLI prints them). */
function plain<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
