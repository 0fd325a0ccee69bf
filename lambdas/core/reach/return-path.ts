/**
 * The return path: the reply walks the forward segments backwards. Security groups are stateful
 * (the reply passes); network ACLs are not (the reply must pass them on the client's port); routes
 * must lead the reply back the way the request came (a one-sided peering or TGW route fails here).
 */

import { describeRoute } from './describe';
import { matchingRoutes } from './reach-index';
import {
  describeStation,
  expectedReturnTarget,
  isAppliance,
  returnRouteHint,
  type Segment,
  type Station,
} from './segments';
import type { ComponentType } from './types';
import type { Walk } from './walk';

/** The reply, segment by segment from the destination back: routes must lead back, ACLs must let it through. */
export function walkReturn(w: Walk): void {
  for (let i = w.segments.length - 1; i >= 0; i--) {
    const seg = w.segments[i];
    if (seg === undefined || seg.exit === undefined) return;
    // Replies skip appliances the request went through: local routing delivers them to the source directly.
    let o = i;
    while (o > 0 && isAppliance(w.segments[o]?.entry)) o--;
    const origin = w.segments[o]?.entry ?? seg.entry;
    if (!returnSegment(w, seg, origin, o !== i)) return;
    i = o;
    if (origin.kind === 'tgw' && i > 0) {
      const previous = w.segments[i - 1];
      const back = previous?.exit;
      if (back?.kind !== 'tgw' || !returnThroughTgw(w, seg, origin.attachmentId, back.attachmentId)) return;
    }
  }
}

function returnSegment(w: Walk, seg: Segment, entry: Station, viaAppliance: boolean): boolean {
  const exit = seg.exit;
  if (exit === undefined) return false;
  if (exit.kind !== 'subnet') {
    const type: ComponentType =
      exit.kind === 'igw'
        ? 'internet-gateway'
        : exit.kind === 'eigw'
          ? 'egress-only-internet-gateway'
          : exit.kind === 'pcx'
            ? 'vpc-peering-connection'
            : exit.kind === 'tgw'
              ? 'transit-gateway-attachment'
              : 'vpc-endpoint';
    const id = exit.kind === 'tgw' ? exit.attachmentId : exit.id;
    w.hop(seg, 'return', id, type, 'reply of an established flow');
    if (entry.kind === 'subnet') w.acl(seg, entry.subnetId, 'inbound', 'return');
    return true;
  }
  const eni = w.idx.eni(exit.componentId);
  w.hop(
    seg,
    'return',
    exit.componentId,
    eni ? 'network-interface' : exit.componentId.startsWith('nat-') ? 'nat-gateway' : 'subnet',
    eni && eni.groups.length > 0 ? 'security groups are stateful: the reply is allowed' : 'reply',
  );
  const table = w.idx.routeTableForSubnet(exit.subnetId);
  const rtbId = table?.table.RouteTableId ?? exit.subnetId;
  const best = table === undefined ? undefined : matchingRoutes(table.entries, seg.src)[0];
  if (best === undefined) {
    w.explain(
      'NO_ROUTE_TO_DESTINATION',
      rtbId,
      'return',
      `${rtbId} has no route for the reply to ${seg.src.text} (the request came through ${describeStation(entry)}).`,
      returnRouteHint(rtbId, seg, entry),
    );
    w.block();
    return false;
  }
  w.hop(seg, 'return', rtbId, 'route-table', describeRoute(best.route, best.target), best.route);
  if (best.blackhole) {
    w.explain(
      'BAD_STATE_ROUTE',
      rtbId,
      'return',
      `The reply to ${seg.src.text} hits the blackhole route ${describeRoute(best.route, best.target)}.`,
      {
        kind: 'blackhole',
        routeTableId: rtbId,
        route: best,
      },
    );
    w.block();
    return false;
  }
  const expected = expectedReturnTarget(entry);
  const actual = best.target.kind === 'local' ? 'local' : best.target.id;
  const throughAppliance = viaAppliance && (best.target.kind === 'eni' || best.target.kind === 'instance');
  const matches = throughAppliance || (expected === 'igw' ? best.target.kind === 'igw' : actual === expected);
  if (!matches) {
    w.explain(
      'CANNOT_ROUTE',
      rtbId,
      'return',
      `The reply to ${seg.src.text} is routed to ${actual}, not back through ${describeStation(entry)}: the path is asymmetric.`,
      returnRouteHint(rtbId, seg, entry),
    );
    w.block();
    return false;
  }
  if (entry.kind === 'subnet') {
    if (entry.subnetId !== exit.subnetId) {
      w.acl(seg, exit.subnetId, 'outbound', 'return');
      w.acl(seg, entry.subnetId, 'inbound', 'return');
    }
  } else {
    w.acl(seg, exit.subnetId, 'outbound', 'return');
  }
  if (entry.kind === 'tgw') {
    const tva = w.idx.model.transitGatewayVpcAttachment(entry.attachmentId);
    w.checkTgwAz(entry.attachmentId, tva?.SubnetIds ?? [], exit.subnetId, 'return');
  }
  return true;
}

function returnThroughTgw(w: Walk, seg: Segment, fromAttachmentId: string, toAttachmentId: string): boolean {
  const att = w.idx.model.transitGatewayAttachment(fromAttachmentId);
  const rtbId = att?.Association?.TransitGatewayRouteTableId;
  if (rtbId === undefined) {
    w.explain(
      'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION',
      fromAttachmentId,
      'return',
      `${fromAttachmentId} is associated with no transit gateway route table, so replies from it are dropped.`,
      {
        kind: 'tgw-association',
        attachmentId: fromAttachmentId,
        transitGatewayId: att?.TransitGatewayId ?? '',
      },
    );
    w.block();
    return false;
  }
  const routes = w.idx.tgwRoutes(rtbId);
  if (routes === undefined) {
    w.unknown = true;
    w.explain('TGW_RTB_ROUTES_ARE_UNKNOWN', rtbId, 'return', `The routes of ${rtbId} are not in the snapshot.`);
    w.block();
    return false;
  }
  const best = matchingRoutes(routes, seg.src)[0];
  if (best === undefined || best.blackhole || best.attachmentId !== toAttachmentId) {
    w.explain(
      best?.blackhole ? 'TGW_RTB_BAD_STATE_ROUTE' : 'TGW_RTB_CANNOT_ROUTE',
      rtbId,
      'return',
      `${rtbId} does not route the reply to ${seg.src.text} back to ${toAttachmentId}${best ? ` (best route: ${best.cidr} -> ${best.attachmentId ?? 'blackhole'})` : ''}.`,
    );
    w.block();
    return false;
  }
  w.hop(seg, 'return', rtbId, 'transit-gateway-route-table', `${best.cidr} -> ${toAttachmentId}`, best.route);
  return true;
}
