/**
 * Dangling references in a snapshot: a route to a NAT gateway that is not there, an ENI in an
 * unknown subnet, a rule referencing a group nobody described. They are warnings, not errors: AWS
 * itself keeps such references (cross-account groups, blackhole routes), and the engine must report
 * them as unknown rather than guess. References to a whole kind of resource the snapshot does not
 * contain at all (no subnets exported, say) are not reported one by one: the export was partial.
 */
import type { IpPermission, Route } from './aws-types';
import type { NetworkModel } from './network-model';
import { childPath } from './shape';
import type { Diagnostic } from './snapshot';

const SOURCE = 'snapshot';

export function findDanglingReferences(model: NetworkModel): Diagnostic[] {
  const s = model.snapshot;
  const out: Diagnostic[] = [];
  const warn = (path: string, message: string): void => {
    out.push({ level: 'warning', source: SOURCE, path, message });
  };
  const has = {
    vpcs: s.Vpcs.length > 0,
    subnets: s.Subnets.length > 0,
    groups: s.SecurityGroups.length > 0,
    interfaces: s.NetworkInterfaces.length > 0,
    instances: s.Reservations.length > 0,
    tgws: s.TransitGateways.length > 0,
    tgwRouteTables: s.TransitGatewayRouteTables.length > 0,
    routeTables: s.RouteTables.length > 0,
  };
  /** Reports `id` at `path` when its kind was exported and `exists` says it is not there. */
  const check = (
    exported: boolean,
    id: string | undefined,
    exists: (id: string) => unknown,
    path: () => string,
    what: string,
  ) => {
    // The path is a thunk: a large estate checks hundreds of thousands of references and reports a few.
    if (exported && id !== undefined && exists(id) === undefined) warn(path(), `${what} ${id} is not in the snapshot`);
  };
  const vpc = (id: string) => model.vpc(id);
  const subnet = (id: string) => model.subnet(id);
  const group = (id: string) => model.securityGroup(id);
  const eni = (id: string) => model.networkInterface(id);

  s.Subnets.forEach((r, i) => {
    check(has.vpcs, r.VpcId, vpc, () => `$.Subnets[${i}].VpcId`, 'VPC');
  });
  s.RouteTables.forEach((table, i) => {
    const path = `$.RouteTables[${i}]`;
    check(has.vpcs, table.VpcId, vpc, () => `${path}.VpcId`, 'VPC');
    (table.Associations ?? []).forEach((a, j) => {
      check(has.subnets, a.SubnetId, subnet, () => `${path}.Associations[${j}].SubnetId`, 'associated subnet');
      if (a.GatewayId?.startsWith('igw-')) {
        check(
          true,
          a.GatewayId,
          (id) => model.internetGateway(id),
          () => `${path}.Associations[${j}].GatewayId`,
          'associated gateway',
        );
      }
    });
    (table.Routes ?? []).forEach((route, j) => {
      checkRoute(model, route, `${path}.Routes[${j}]`, warn);
    });
  });
  s.NetworkAcls.forEach((acl, i) => {
    check(has.vpcs, acl.VpcId, vpc, () => `$.NetworkAcls[${i}].VpcId`, 'VPC');
    (acl.Associations ?? []).forEach((a, j) => {
      check(
        has.subnets,
        a.SubnetId,
        subnet,
        () => `$.NetworkAcls[${i}].Associations[${j}].SubnetId`,
        'associated subnet',
      );
    });
  });
  s.SecurityGroups.forEach((sg, i) => {
    const path = `$.SecurityGroups[${i}]`;
    check(has.vpcs, sg.VpcId, vpc, () => `${path}.VpcId`, 'VPC');
    const permissions: [string, IpPermission[] | undefined][] = [
      ['IpPermissions', sg.IpPermissions],
      ['IpPermissionsEgress', sg.IpPermissionsEgress],
    ];
    for (const [key, list] of permissions) {
      (list ?? []).forEach((permission, j) => {
        const at = `${path}.${key}[${j}]`;
        (permission.UserIdGroupPairs ?? []).forEach((pair, k) => {
          if (pair.GroupId === undefined || model.securityGroup(pair.GroupId) !== undefined) return;
          warn(
            `${at}.UserIdGroupPairs[${k}].GroupId`,
            `unknown referenced group ${pair.GroupId}${whyUnknown(sg.OwnerId, pair)}`,
          );
        });
        (permission.PrefixListIds ?? []).forEach((ref, k) => {
          if (model.prefixListCidrs(ref.PrefixListId) !== undefined) return;
          warn(`${at}.PrefixListIds[${k}].PrefixListId`, unknownPrefixList(ref.PrefixListId));
        });
      });
    }
  });
  s.SecurityGroupRules.forEach((rule, i) => {
    check(has.groups, rule.GroupId, group, () => `$.SecurityGroupRules[${i}].GroupId`, 'security group');
  });
  s.NetworkInterfaces.forEach((r, i) => {
    const path = `$.NetworkInterfaces[${i}]`;
    check(has.subnets, r.SubnetId, subnet, () => `${path}.SubnetId`, 'subnet');
    check(has.vpcs, r.VpcId, vpc, () => `${path}.VpcId`, 'VPC');
    (r.Groups ?? []).forEach((g, j) => {
      check(has.groups, g.GroupId, group, () => `${path}.Groups[${j}].GroupId`, 'security group');
    });
    check(
      has.instances,
      r.Attachment?.InstanceId,
      (id) => model.instance(id),
      () => `${path}.Attachment.InstanceId`,
      'instance',
    );
  });
  s.Reservations.forEach((reservation, i) => {
    reservation.Instances.forEach((instance, j) => {
      const path = `$.Reservations[${i}].Instances[${j}]`;
      check(has.subnets, instance.SubnetId, subnet, () => `${path}.SubnetId`, 'subnet');
      check(has.vpcs, instance.VpcId, vpc, () => `${path}.VpcId`, 'VPC');
      (instance.SecurityGroups ?? []).forEach((g, k) => {
        check(has.groups, g.GroupId, group, () => `${path}.SecurityGroups[${k}].GroupId`, 'security group');
      });
      (instance.NetworkInterfaces ?? []).forEach((n, k) => {
        check(
          has.interfaces,
          n.NetworkInterfaceId,
          eni,
          () => `${path}.NetworkInterfaces[${k}].NetworkInterfaceId`,
          'network interface',
        );
      });
    });
  });
  s.InternetGateways.forEach((igw, i) => {
    (igw.Attachments ?? []).forEach((a, j) => {
      check(has.vpcs, a.VpcId, vpc, () => `$.InternetGateways[${i}].Attachments[${j}].VpcId`, 'attached VPC');
    });
  });
  s.EgressOnlyInternetGateways.forEach((eigw, i) => {
    (eigw.Attachments ?? []).forEach((a, j) => {
      check(has.vpcs, a.VpcId, vpc, () => `$.EgressOnlyInternetGateways[${i}].Attachments[${j}].VpcId`, 'attached VPC');
    });
  });
  s.NatGateways.forEach((nat, i) => {
    const path = `$.NatGateways[${i}]`;
    check(has.vpcs, nat.VpcId, vpc, () => `${path}.VpcId`, 'VPC');
    check(has.subnets, nat.SubnetId, subnet, () => `${path}.SubnetId`, 'subnet');
    (nat.NatGatewayAddresses ?? []).forEach((a, j) => {
      check(
        has.interfaces,
        a.NetworkInterfaceId,
        eni,
        () => `${path}.NatGatewayAddresses[${j}].NetworkInterfaceId`,
        'network interface',
      );
    });
  });
  s.VpcPeeringConnections.forEach((pcx, i) => {
    const sides = [pcx.RequesterVpcInfo?.VpcId, pcx.AccepterVpcInfo?.VpcId].filter((id) => id !== undefined);
    // One side may belong to another account or Region; only a peering with no side here is dangling.
    if (has.vpcs && sides.length > 0 && sides.every((id) => model.vpc(id) === undefined)) {
      warn(
        `$.VpcPeeringConnections[${i}]`,
        `neither VPC of ${pcx.VpcPeeringConnectionId} (${sides.join(', ')}) is in the snapshot`,
      );
    }
  });
  s.TransitGatewayAttachments.forEach((a, i) => {
    const path = `$.TransitGatewayAttachments[${i}]`;
    check(
      has.tgws,
      a.TransitGatewayId,
      (id) => model.transitGateway(id),
      () => `${path}.TransitGatewayId`,
      'transit gateway',
    );
    const table = a.Association?.TransitGatewayRouteTableId;
    check(
      has.tgwRouteTables,
      table,
      (id) => model.transitGatewayRouteTable(id),
      () => `${path}.Association.TransitGatewayRouteTableId`,
      'transit gateway route table',
    );
    if (a.ResourceType === 'vpc') check(has.vpcs, a.ResourceId, vpc, () => `${path}.ResourceId`, 'attached VPC');
  });
  s.TransitGatewayVpcAttachments.forEach((a, i) => {
    const path = `$.TransitGatewayVpcAttachments[${i}]`;
    check(
      has.tgws,
      a.TransitGatewayId,
      (id) => model.transitGateway(id),
      () => `${path}.TransitGatewayId`,
      'transit gateway',
    );
    check(has.vpcs, a.VpcId, vpc, () => `${path}.VpcId`, 'VPC');
    (a.SubnetIds ?? []).forEach((id, j) => {
      check(has.subnets, id, subnet, () => `${path}.SubnetIds[${j}]`, 'subnet');
    });
  });
  s.TransitGatewayRouteTables.forEach((t, i) => {
    check(
      has.tgws,
      t.TransitGatewayId,
      (id) => model.transitGateway(id),
      () => `$.TransitGatewayRouteTables[${i}].TransitGatewayId`,
      'transit gateway',
    );
  });
  for (const [tableId, routes] of Object.entries(s.TransitGatewayRoutes)) {
    const path = childPath('$.TransitGatewayRoutes', tableId);
    check(
      has.tgwRouteTables,
      tableId,
      (id) => model.transitGatewayRouteTable(id),
      () => path,
      'transit gateway route table',
    );
    routes.forEach((route, j) => {
      (route.TransitGatewayAttachments ?? []).forEach((a, k) => {
        const known = (id: string) => model.transitGatewayAttachment(id) ?? model.transitGatewayVpcAttachment(id);
        const exported = s.TransitGatewayAttachments.length + s.TransitGatewayVpcAttachments.length > 0;
        check(
          exported,
          a.TransitGatewayAttachmentId,
          known,
          () => `${path}[${j}].TransitGatewayAttachments[${k}].TransitGatewayAttachmentId`,
          'transit gateway attachment',
        );
      });
    });
  }
  s.VpcEndpoints.forEach((endpoint, i) => {
    const path = `$.VpcEndpoints[${i}]`;
    check(has.vpcs, endpoint.VpcId, vpc, () => `${path}.VpcId`, 'VPC');
    (endpoint.RouteTableIds ?? []).forEach((id, j) => {
      check(
        has.routeTables,
        id,
        (x) => model.routeTable(x),
        () => `${path}.RouteTableIds[${j}]`,
        'route table',
      );
    });
    (endpoint.SubnetIds ?? []).forEach((id, j) => {
      check(has.subnets, id, subnet, () => `${path}.SubnetIds[${j}]`, 'subnet');
    });
    (endpoint.Groups ?? []).forEach((g, j) => {
      check(has.groups, g.GroupId, group, () => `${path}.Groups[${j}].GroupId`, 'security group');
    });
    (endpoint.NetworkInterfaceIds ?? []).forEach((id, j) => {
      check(has.interfaces, id, eni, () => `${path}.NetworkInterfaceIds[${j}]`, 'network interface');
    });
  });
  s.FlowLogs.forEach((flowLog, i) => {
    const path = `$.FlowLogs[${i}].ResourceId`;
    const id = flowLog.ResourceId;
    if (id.startsWith('vpc-')) check(has.vpcs, id, vpc, () => path, 'logged VPC');
    else if (id.startsWith('subnet-')) check(has.subnets, id, subnet, () => path, 'logged subnet');
    else if (id.startsWith('eni-')) check(has.interfaces, id, eni, () => path, 'logged network interface');
  });
  return out;
}

/** A route's target must exist unless AWS already marks the route blackhole (target deleted). */
function checkRoute(
  model: NetworkModel,
  route: Route,
  path: string,
  warn: (path: string, message: string) => void,
): void {
  if (
    route.DestinationPrefixListId !== undefined &&
    model.prefixListCidrs(route.DestinationPrefixListId) === undefined
  ) {
    warn(`${path}.DestinationPrefixListId`, unknownPrefixList(route.DestinationPrefixListId));
  }
  if (route.State === 'blackhole') return;
  const targets: [keyof Route, string, (id: string) => unknown][] = [
    ['NatGatewayId', 'NAT gateway', (id) => model.natGateway(id)],
    ['EgressOnlyInternetGatewayId', 'egress-only internet gateway', (id) => model.egressOnlyInternetGateway(id)],
    ['VpcPeeringConnectionId', 'peering connection', (id) => model.peeringConnection(id)],
    ['TransitGatewayId', 'transit gateway', (id) => model.transitGateway(id)],
    ['NetworkInterfaceId', 'network interface', (id) => model.networkInterface(id)],
    ['InstanceId', 'instance', (id) => model.instance(id)],
  ];
  const gateway = route.GatewayId;
  if (gateway?.startsWith('igw-')) targets.push(['GatewayId', 'internet gateway', (id) => model.internetGateway(id)]);
  if (gateway?.startsWith('vpce-')) targets.push(['GatewayId', 'VPC endpoint', (id) => model.vpcEndpoint(id)]);
  for (const [field, what, exists] of targets) {
    const id = route[field];
    if (id !== undefined && exists(id) === undefined)
      warn(`${path}.${field}`, `route target ${what} ${id} is not in the snapshot`);
  }
}

function whyUnknown(ownerId: string | undefined, pair: { UserId?: string; VpcPeeringConnectionId?: string }): string {
  if (pair.VpcPeeringConnectionId !== undefined) return ` (in a peered VPC through ${pair.VpcPeeringConnectionId})`;
  if (pair.UserId !== undefined && ownerId !== undefined && pair.UserId !== ownerId) {
    return ` (owned by account ${pair.UserId})`;
  }
  return ' (not in the snapshot: traffic it allows cannot be judged)';
}

function unknownPrefixList(id: string): string {
  return `unknown prefix list ${id}: neither its entries nor its CIDRs are in the snapshot`;
}
