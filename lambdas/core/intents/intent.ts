/** Declared flows: what must keep working and what must never happen (the intents file, format version 1). */
import type { ProtocolNumber } from '../net/protocol';

export type EndpointSelector =
  | { kind: 'internet' }
  | { kind: 'id'; id: string }
  /** ENIs whose own tags, or whose instance's tags, include every pair. */
  | { kind: 'tag'; tags: Record<string, string> }
  | { kind: 'subnet'; subnetId: string }
  | { kind: 'cidr'; cidr: string };

export type IntentKind = 'must-work' | 'must-never';

export interface Intent {
  name: string;
  description?: string;
  kind: IntentKind;
  from: EndpointSelector;
  to: EndpointSelector;
  protocol: ProtocolNumber | 'all';
  /** Port ranges; empty = every port. */
  ports: { from: number; to: number }[];
  /** 1-based line of the intent in its file, for messages. */
  line?: number;
}

export interface IntentsFile {
  version: 1;
  intents: Intent[];
}

export function describeSelector(s: EndpointSelector): string {
  switch (s.kind) {
    case 'internet':
      return 'internet';
    case 'id':
      return s.id;
    case 'tag':
      return `tag ${Object.entries(s.tags)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`;
    case 'subnet':
      return `subnet ${s.subnetId}`;
    case 'cidr':
      return `cidr ${s.cidr}`;
  }
}
