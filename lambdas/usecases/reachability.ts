import type { IntentsFile } from '../core/intents/intent';
import { verifyIntents } from '../core/intents/verify-intents';
import { assessExposure, exposureOf } from '../core/reach/index';
import type { Reachability } from './network-engine';
import type { ExposedInterface } from './network-engine-port';

/** The reachability engine with the intents bound: exposure evidence, intent checks, exposure sweep. */
export function reachability(intents: IntentsFile): Reachability {
  return {
    assessExposure,
    verifyIntents: (model) =>
      verifyIntents(model, intents.intents).map((r) => ({
        name: r.name,
        kind: r.kind,
        holds: r.holds,
        evidence: r.evidence,
      })),
    exposedInterfaces: (model) =>
      exposureOf(model, { witnesses: false })
        .filter((e) => e.exposed)
        .map(
          (e): ExposedInterface => ({
            interfaceId: e.networkInterfaceId,
            services: e.answers.map((a) => `${a.protocol}:${a.ports}`).join(' '),
            evidence: e.answers
              .map((a) => `${a.sourcesSummary} reach ${a.destinationAddress} on ${a.protocol}:${a.ports}`)
              .join('; '),
          }),
        ),
  };
}
