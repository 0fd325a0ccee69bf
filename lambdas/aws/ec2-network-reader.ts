/**
 * The AWS NetworkReader: the same `describe-*` calls a user would run with the AWS CLI, paginated, so a
 * live snapshot is exactly what a snapshot folder holds. Read-only: every call is covered by the AWS
 * managed policy AmazonEC2ReadOnlyAccess.
 */
import {
  type EC2Client,
  paginateDescribeEgressOnlyInternetGateways,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeManagedPrefixLists,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGatewayRouteTables,
  paginateDescribeTransitGateways,
  paginateDescribeTransitGatewayVpcAttachments,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  paginateGetManagedPrefixListEntries,
  paginateSearchTransitGatewayRoutes,
} from '@aws-sdk/client-ec2';
import { type Diagnostic, emptySnapshot, type Snapshot, type SnapshotListKey } from '../core/model/snapshot';
import type { NetworkReader, ReadScope, SnapshotRead } from '../ports';
import { AwsReadError, DENIED_CODES, describeAwsError, isNotFound } from './aws-read-error';

export { AwsReadError };

export interface Ec2NetworkReaderOptions {
  /** For messages and the snapshot's origin (`aws:<region>`). */
  region: string;
  /** One line per call as it completes (the CLI prints them on stderr). */
  onProgress?: (line: string) => void;
}

type PageSource = (client: EC2Client, ids: string[] | undefined) => AsyncIterable<unknown[]>;

interface ListCall {
  key: SnapshotListKey;
  /** The EC2 API action, as IAM and CloudTrail name it. */
  action: string;
  /** Ids this call can be narrowed to when only some resources are read. */
  idPattern: RegExp;
  pages: PageSource;
}

async function* itemsOf<P>(
  pages: AsyncIterable<P>,
  pick: (page: P) => unknown[] | undefined,
): AsyncIterable<unknown[]> {
  for await (const page of pages) yield pick(page) ?? [];
}

const LIST_CALLS: readonly ListCall[] = [
  {
    key: 'Vpcs',
    action: 'DescribeVpcs',
    idPattern: /^vpc-/,
    pages: (client, ids) => itemsOf(paginateDescribeVpcs({ client }, { VpcIds: ids }), (p) => p.Vpcs),
  },
  {
    key: 'Subnets',
    action: 'DescribeSubnets',
    idPattern: /^subnet-/,
    pages: (client, ids) => itemsOf(paginateDescribeSubnets({ client }, { SubnetIds: ids }), (p) => p.Subnets),
  },
  {
    key: 'RouteTables',
    action: 'DescribeRouteTables',
    idPattern: /^rtb-/,
    pages: (client, ids) =>
      itemsOf(paginateDescribeRouteTables({ client }, { RouteTableIds: ids }), (p) => p.RouteTables),
  },
  {
    key: 'NetworkAcls',
    action: 'DescribeNetworkAcls',
    idPattern: /^acl-/,
    pages: (client, ids) =>
      itemsOf(paginateDescribeNetworkAcls({ client }, { NetworkAclIds: ids }), (p) => p.NetworkAcls),
  },
  {
    key: 'SecurityGroups',
    action: 'DescribeSecurityGroups',
    idPattern: /^sg-/,
    pages: (client, ids) =>
      itemsOf(paginateDescribeSecurityGroups({ client }, { GroupIds: ids }), (p) => p.SecurityGroups),
  },
  {
    key: 'SecurityGroupRules',
    action: 'DescribeSecurityGroupRules',
    idPattern: /^sg-/,
    pages: (client, ids) =>
      itemsOf(
        paginateDescribeSecurityGroupRules(
          { client },
          { Filters: ids === undefined ? undefined : [{ Name: 'group-id', Values: ids }] },
        ),
        (p) => p.SecurityGroupRules,
      ),
  },
  {
    key: 'NetworkInterfaces',
    action: 'DescribeNetworkInterfaces',
    idPattern: /^eni-/,
    pages: (client, ids) =>
      itemsOf(paginateDescribeNetworkInterfaces({ client }, { NetworkInterfaceIds: ids }), (p) => p.NetworkInterfaces),
  },
  {
    key: 'Reservations',
    action: 'DescribeInstances',
    idPattern: /^i-/,
    pages: (client, ids) => itemsOf(paginateDescribeInstances({ client }, { InstanceIds: ids }), (p) => p.Reservations),
  },
  {
    key: 'InternetGateways',
    action: 'DescribeInternetGateways',
    idPattern: /^igw-/,
    pages: (client, ids) =>
      itemsOf(paginateDescribeInternetGateways({ client }, { InternetGatewayIds: ids }), (p) => p.InternetGateways),
  },
  {
    key: 'EgressOnlyInternetGateways',
    action: 'DescribeEgressOnlyInternetGateways',
    idPattern: /^eigw-/,
    pages: (client, ids) =>
      itemsOf(
        paginateDescribeEgressOnlyInternetGateways({ client }, { EgressOnlyInternetGatewayIds: ids }),
        (p) => p.EgressOnlyInternetGateways,
      ),
  },
  {
    key: 'NatGateways',
    action: 'DescribeNatGateways',
    idPattern: /^nat-/,
    pages: (client, ids) =>
      itemsOf(paginateDescribeNatGateways({ client }, { NatGatewayIds: ids }), (p) => p.NatGateways),
  },
  {
    key: 'VpcPeeringConnections',
    action: 'DescribeVpcPeeringConnections',
    idPattern: /^pcx-/,
    pages: (client, ids) =>
      itemsOf(
        paginateDescribeVpcPeeringConnections({ client }, { VpcPeeringConnectionIds: ids }),
        (p) => p.VpcPeeringConnections,
      ),
  },
  {
    key: 'TransitGateways',
    action: 'DescribeTransitGateways',
    idPattern: /^tgw-(?!attach-|rtb-)/,
    pages: (client, ids) =>
      itemsOf(paginateDescribeTransitGateways({ client }, { TransitGatewayIds: ids }), (p) => p.TransitGateways),
  },
  {
    key: 'TransitGatewayAttachments',
    action: 'DescribeTransitGatewayAttachments',
    idPattern: /^tgw-attach-/,
    pages: (client, ids) =>
      itemsOf(
        paginateDescribeTransitGatewayAttachments({ client }, { TransitGatewayAttachmentIds: ids }),
        (p) => p.TransitGatewayAttachments,
      ),
  },
  {
    key: 'TransitGatewayVpcAttachments',
    action: 'DescribeTransitGatewayVpcAttachments',
    idPattern: /^tgw-attach-/,
    pages: (client, ids) =>
      itemsOf(
        paginateDescribeTransitGatewayVpcAttachments({ client }, { TransitGatewayAttachmentIds: ids }),
        (p) => p.TransitGatewayVpcAttachments,
      ),
  },
  {
    key: 'TransitGatewayRouteTables',
    action: 'DescribeTransitGatewayRouteTables',
    idPattern: /^tgw-rtb-/,
    pages: (client, ids) =>
      itemsOf(
        paginateDescribeTransitGatewayRouteTables({ client }, { TransitGatewayRouteTableIds: ids }),
        (p) => p.TransitGatewayRouteTables,
      ),
  },
  {
    key: 'VpcEndpoints',
    action: 'DescribeVpcEndpoints',
    idPattern: /^vpce-/,
    pages: (client, ids) =>
      itemsOf(paginateDescribeVpcEndpoints({ client }, { VpcEndpointIds: ids }), (p) => p.VpcEndpoints),
  },
  {
    key: 'PrefixLists',
    action: 'DescribeManagedPrefixLists',
    idPattern: /^pl-/,
    pages: (client, ids) =>
      itemsOf(paginateDescribeManagedPrefixLists({ client }, { PrefixListIds: ids }), (p) => p.PrefixLists),
  },
  {
    key: 'FlowLogs',
    action: 'DescribeFlowLogs',
    idPattern: /^fl-/,
    pages: (client, ids) => itemsOf(paginateDescribeFlowLogs({ client }, { FlowLogIds: ids }), (p) => p.FlowLogs),
  },
];

/** What the AWS CLI would print: dates as ISO strings, absent fields left out. */
function asCliJson<T>(items: unknown[]): T[] {
  return JSON.parse(JSON.stringify(items)) as T[];
}

export class Ec2NetworkReader implements NetworkReader {
  constructor(
    private readonly client: EC2Client,
    private readonly options: Ec2NetworkReaderOptions,
  ) {}

  /**
   * The whole region, or with `scope.resourceIds` only the named resources (each list narrowed to the
   * ids of its kind; lists with no id of their kind are not read). A named resource that no longer
   * exists is left out with a warning, since the change that deleted it is what is being looked at.
   */
  async read(scope?: ReadScope): Promise<SnapshotRead> {
    const snapshot = emptySnapshot();
    const diagnostics: Diagnostic[] = [];
    const scoped = scope?.resourceIds;
    for (const call of LIST_CALLS) {
      const ids = scoped?.filter((id) => call.idPattern.test(id));
      if (ids !== undefined && ids.length === 0) continue;
      const items = await this.collect(call, ids, diagnostics);
      (snapshot[call.key] as unknown[]) = asCliJson(items);
      this.progress(`${call.action}: ${items.length} item(s)`);
    }
    await this.readPrefixListEntries(snapshot, diagnostics);
    await this.readTransitGatewayRoutes(snapshot, diagnostics);
    return { snapshot, diagnostics, origin: `aws:${this.options.region}` };
  }

  private progress(line: string): void {
    this.options.onProgress?.(line);
  }

  private async collect(call: ListCall, ids: string[] | undefined, diagnostics: Diagnostic[]): Promise<unknown[]> {
    try {
      return await this.drain(call.pages(this.client, ids), call.action);
    } catch (error: unknown) {
      if (ids === undefined || !isNotFound(error)) throw error;
    }
    // One of the named ids is gone and EC2 fails the whole call for it: ask one id at a time.
    const items: unknown[] = [];
    for (const id of ids) {
      try {
        items.push(...(await this.drain(call.pages(this.client, [id]), call.action)));
      } catch (error: unknown) {
        if (!isNotFound(error)) throw error;
        diagnostics.push({
          level: 'warning',
          source: `aws:${this.options.region}`,
          path: `${call.action}(${id})`,
          message: `${id} no longer exists (${error.code}); left out of the snapshot`,
        });
      }
    }
    return items;
  }

  private async drain(pages: AsyncIterable<unknown[]>, action: string): Promise<unknown[]> {
    const items: unknown[] = [];
    try {
      for await (const page of pages) items.push(...page);
    } catch (error: unknown) {
      throw describeAwsError(error, action, this.options.region);
    }
    return items;
  }

  /**
   * Entries of every listed prefix list, as `get-managed-prefix-list-entries` prints them: the customer
   * lists, and the AWS-managed ones too, since security groups and gateway-endpoint routes refer to them.
   * An AWS-managed list that cannot be read (other than for lack of permission) becomes a warning; rules
   * then report it as an unknown prefix list rather than guess.
   */
  private async readPrefixListEntries(snapshot: Snapshot, diagnostics: Diagnostic[]): Promise<void> {
    const action = 'GetManagedPrefixListEntries';
    for (const list of snapshot.PrefixLists) {
      let entries: unknown[];
      try {
        entries = await this.drain(
          itemsOf(
            paginateGetManagedPrefixListEntries({ client: this.client }, { PrefixListId: list.PrefixListId }),
            (p) => p.Entries,
          ),
          action,
        );
      } catch (error: unknown) {
        if (list.OwnerId !== 'AWS' || !(error instanceof AwsReadError) || DENIED_CODES.has(error.code)) throw error;
        diagnostics.push({
          level: 'warning',
          source: `aws:${this.options.region}`,
          path: `${action}(${list.PrefixListId})`,
          message: `cannot read the AWS-managed prefix list ${list.PrefixListId} (${error.message}); rules will report it as unknown`,
        });
        continue;
      }
      snapshot.PrefixListEntries[list.PrefixListId] = asCliJson(entries);
      this.progress(`${action} ${list.PrefixListId}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`);
    }
  }

  /** Active and blackhole routes of every transit gateway route table (`search-transit-gateway-routes`). */
  private async readTransitGatewayRoutes(snapshot: Snapshot, diagnostics: Diagnostic[]): Promise<void> {
    const action = 'SearchTransitGatewayRoutes';
    for (const table of snapshot.TransitGatewayRouteTables) {
      const id = table.TransitGatewayRouteTableId;
      let truncated = false;
      const routes = await this.drain(
        itemsOf(
          paginateSearchTransitGatewayRoutes(
            { client: this.client },
            { TransitGatewayRouteTableId: id, Filters: [{ Name: 'state', Values: ['active', 'blackhole'] }] },
          ),
          (p) => {
            truncated = p.AdditionalRoutesAvailable === true && p.NextToken === undefined;
            return p.Routes;
          },
        ),
        action,
      );
      snapshot.TransitGatewayRoutes[id] = asCliJson(routes);
      if (truncated) {
        diagnostics.push({
          level: 'warning',
          source: `aws:${this.options.region}`,
          path: `${action}(${id})`,
          message: `AWS returned only part of the routes of ${id} (AdditionalRoutesAvailable); reachability through it may be incomplete`,
        });
      }
      this.progress(`${action} ${id}: ${routes.length} route(s)`);
    }
  }
}
