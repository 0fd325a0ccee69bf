/**
 * Checks each intent on a model: must-work holds when every selected source reaches every selected
 * destination on every listed port; must-never holds when none reaches any. From the internet to an
 * ENI, must-never uses the exact exposure set (any internet source, any listed port); every other
 * pair is one path analysis per port range.
 */
import type { NetworkModel } from '../model/network-model';
import { AddressSet } from '../net/address-set';
import { PortSet } from '../net/port-set';
import { ServiceSet } from '../net/service-set';
import { analyzePath } from '../reach/analyze-path';
import { exposureRows } from '../reach/exposure';
import { reachIndexFor } from '../reach/reach-index';
import { PathQueryError, type PathResult } from '../reach/types';
import { describeSelector, type EndpointSelector, type Intent } from './intent';

export interface FlowCheck {
  source: string;
  destination: string;
  ports: string;
  reachable: boolean;
  /** The hops when reachable, else the first blocking explanation. */
  summary: string;
  codes: string[];
}

export interface IntentResult {
  name: string;
  kind: Intent['kind'];
  holds: boolean;
  /** One sentence: why it holds, or the flow that breaks it. */
  evidence: string;
  flows: FlowCheck[];
  /** Some flow's verdict depends on something absent from the snapshot. */
  unknown: boolean;
}

/** Interfaces that are plumbing, not endpoints anyone connects to or from. */
const NOT_ENDPOINTS = new Set(['nat_gateway', 'transit_gateway', 'gateway_load_balancer_endpoint']);

function tagsMatch(have: Record<string, string>, want: Record<string, string>): boolean {
  return Object.entries(want).every(([k, v]) => have[k] === v);
}

/** What a selector stands for, as endpoint refs `analyzePath` accepts. */
export function resolveSelector(
  model: NetworkModel,
  s: EndpointSelector,
  role: 'source' | 'destination',
  kind: Intent['kind'],
): string[] {
  const endpoints = model.allInterfaces().filter((e) => !NOT_ENDPOINTS.has(e.InterfaceType ?? 'interface'));
  switch (s.kind) {
    case 'internet':
      return ['internet'];
    case 'id':
      return [s.id];
    case 'subnet':
      return model
        .interfacesInSubnet(s.subnetId)
        .filter((e) => !NOT_ENDPOINTS.has(e.InterfaceType ?? 'interface'))
        .map((e) => e.NetworkInterfaceId);
    case 'tag':
      return endpoints
        .filter((e) => {
          const instance = e.Attachment?.InstanceId;
          return (
            tagsMatch(model.tagsOf(e.NetworkInterfaceId), s.tags) ||
            (instance !== undefined && tagsMatch(model.tagsOf(instance), s.tags))
          );
        })
        .map((e) => e.NetworkInterfaceId);
    case 'cidr': {
      const range = AddressSet.fromCidr(s.cidr);
      const inside = endpoints
        .filter((e) => range.overlaps(model.interfacePrivateAddresses(e.NetworkInterfaceId)))
        .map((e) => e.NetworkInterfaceId);
      // As a source, the contract is "an address in it": one for must-work, all of them for must-never.
      if (role === 'source' && kind === 'must-work')
        return inside.slice(0, 1).concat(inside.length === 0 ? [firstHost(range)] : []);
      if (role === 'source' && inside.length === 0) return [firstHost(range)];
      return inside;
    }
  }
}

function firstHost(range: AddressSet): string {
  return range.firstAddress() ?? '0.0.0.0';
}

function flowSummary(r: PathResult): { summary: string; codes: string[] } {
  const codes = r.explanations.filter((e) => e.blocking).map((e) => e.code);
  if (r.reachable) return { summary: r.forwardPath.map((h) => h.componentId).join(' -> '), codes };
  const first = r.explanations.find((e) => e.blocking);
  return { summary: first ? `${first.code}: ${first.message}` : 'not reachable', codes };
}

function portText(p: { from: number; to: number } | undefined): string {
  if (p === undefined) return 'all';
  return p.from === p.to ? String(p.from) : `${p.from}-${p.to}`;
}

export function verifyIntents(model: NetworkModel, intents: readonly Intent[]): IntentResult[] {
  return intents.map((intent) => verifyIntent(model, intent));
}

function verifyIntent(model: NetworkModel, intent: Intent): IntentResult {
  const sources = resolveSelector(model, intent.from, 'source', intent.kind);
  const destinations = resolveSelector(model, intent.to, 'destination', intent.kind);
  const base = { name: intent.name, kind: intent.kind };
  if (sources.length === 0 || destinations.length === 0) {
    const empty =
      sources.length === 0 ? `from (${describeSelector(intent.from)})` : `to (${describeSelector(intent.to)})`;
    return {
      ...base,
      holds: false,
      evidence: `The selector ${empty} matches no network interface in the snapshot.`,
      flows: [],
      unknown: false,
    };
  }
  const ranges: ({ from: number; to: number } | undefined)[] = intent.ports.length > 0 ? intent.ports : [undefined];
  const flows: FlowCheck[] = [];
  let unknown = false;
  for (const source of sources) {
    for (const destination of destinations) {
      if (source === destination) continue;
      for (const range of ranges) {
        const check = checkFlow(model, intent, source, destination, range);
        unknown ||= check.unknown;
        flows.push(check.flow);
      }
    }
  }
  const offending = flows.find((f) => (intent.kind === 'must-work' ? !f.reachable : f.reachable));
  const holds = offending === undefined;
  const evidence = holds
    ? `${flows.length} flow${flows.length === 1 ? '' : 's'} checked: ${intent.kind === 'must-work' ? 'all reachable' : 'none reachable'}.`
    : `${offending.source} -> ${offending.destination} ${portText(parsePort(offending.ports))}: ${intent.kind === 'must-work' ? 'blocked' : 'reachable'} (${offending.summary})`;
  return { ...base, holds, evidence, flows, unknown };
}

function parsePort(text: string): { from: number; to: number } | undefined {
  if (text === 'all') return undefined;
  const [a, b] = text.split('-').map(Number);
  return { from: a ?? 0, to: b ?? a ?? 0 };
}

function checkFlow(
  model: NetworkModel,
  intent: Intent,
  source: string,
  destination: string,
  range: { from: number; to: number } | undefined,
): { flow: FlowCheck; unknown: boolean } {
  const ports = portText(range);
  if (intent.kind === 'must-never' && source === 'internet' && destination.startsWith('eni-')) {
    const exact = exposedFromInternet(model, destination, intent, range);
    if (exact !== undefined) return exact;
  }
  let result: PathResult;
  try {
    result = analyzePath(model, {
      source,
      destination,
      protocol: intent.protocol,
      ...(range !== undefined ? { destinationPorts: range } : {}),
    });
  } catch (error: unknown) {
    if (!(error instanceof PathQueryError)) throw error;
    return {
      flow: {
        source,
        destination,
        ports,
        reachable: false,
        summary: error.message,
        codes: ['NO_SOURCE_OR_DESTINATION'],
      },
      unknown: true,
    };
  }
  // must-never is broken by any port getting through, not only all of them.
  const reachable =
    intent.kind === 'must-work' ? result.reachable : result.reachable || result.allowedServices !== 'none';
  return { flow: { source, destination, ports, reachable, ...flowSummary(result) }, unknown: result.unknown };
}

/** Exact: does any internet source reach any listed port of the ENI? */
function exposedFromInternet(
  model: NetworkModel,
  eniId: string,
  intent: Intent,
  range: { from: number; to: number } | undefined,
): { flow: FlowCheck; unknown: boolean } | undefined {
  const idx = reachIndexFor(model);
  const eni = idx.eni(eniId);
  if (eni === undefined) return undefined;
  const wanted = ServiceSet.of(
    intent.protocol,
    range === undefined ? PortSet.all() : PortSet.range(range.from, range.to),
  );
  const { rows, unknown } = exposureRows(idx, eni);
  const hit = rows.find((r) => r.services.overlaps(wanted));
  const ports = portText(range);
  if (hit === undefined) {
    return {
      flow: {
        source: 'internet',
        destination: eniId,
        ports,
        reachable: false,
        summary: 'no internet source reaches it on these ports',
        codes: [],
      },
      unknown,
    };
  }
  const services = hit.services.intersect(wanted);
  return {
    flow: {
      source: 'internet',
      destination: eniId,
      ports,
      reachable: true,
      summary: `${services} from ${hit.sources.toCidrs().slice(0, 3).join(', ')}${hit.sources.toCidrs().length > 3 ? ', ...' : ''} to ${hit.destinationAddress}`,
      codes: [],
    },
    unknown,
  };
}
