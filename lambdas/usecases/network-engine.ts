/**
 * The engine behind the use cases: the risk rules, the reachability engine (exposure evidence,
 * intents, exposure sweep) and the remediation planner and verifier, over one snapshot.
 */
import type { Finding } from '../core/findings/finding';
import { NetworkModel } from '../core/model/network-model';
import type { Snapshot } from '../core/model/snapshot';
import { planFor } from '../core/remediation/planner';
import { verifyPlan } from '../core/remediation/verify';
import { runRules } from '../core/rules/index';
import type {
  AssessedNetwork,
  ExposedInterface,
  IntentOutcome,
  NetworkEngine,
  RepairProposal,
} from './network-engine-port';
import type { RuntimeSettings } from './runtime-settings';

/** What the reachability engine contributes, with the deployment's intents already bound. */
export interface Reachability {
  assessExposure(model: NetworkModel, findings: Finding[]): Finding[];
  verifyIntents(model: NetworkModel): IntentOutcome[];
  exposedInterfaces(model: NetworkModel): ExposedInterface[];
}

class ModelNetwork implements AssessedNetwork {
  constructor(
    readonly model: NetworkModel,
    readonly findings: Finding[],
  ) {}

  get snapshot(): Snapshot {
    return this.model.snapshot;
  }

  tagsOf(resourceId: string): Record<string, string> {
    return this.model.tagsOf(resourceId);
  }

  vpcOf(resourceId: string): string | undefined {
    const m = this.model;
    if (m.vpc(resourceId)) return resourceId;
    return (
      m.securityGroup(resourceId)?.VpcId ??
      m.subnet(resourceId)?.VpcId ??
      m.routeTable(resourceId)?.VpcId ??
      m.networkAcl(resourceId)?.VpcId ??
      m.networkInterface(resourceId)?.VpcId ??
      m.natGateway(resourceId)?.VpcId ??
      m.vpcEndpoint(resourceId)?.VpcId ??
      m.internetGateway(resourceId)?.Attachments?.[0]?.VpcId ??
      m.peeringConnection(resourceId)?.RequesterVpcInfo?.VpcId ??
      m.instance(resourceId)?.VpcId
    );
  }
}

function modelOf(network: AssessedNetwork): NetworkModel {
  if (!(network instanceof ModelNetwork)) throw new TypeError('the network was not assessed by this engine');
  return network.model;
}

export function createNetworkEngine(options: { settings: RuntimeSettings; reachability: Reachability }): NetworkEngine {
  const { settings, reachability } = options;
  return {
    assess(snapshot: Snapshot): AssessedNetwork {
      const model = NetworkModel.build(snapshot);
      return new ModelNetwork(model, reachability.assessExposure(model, runRules(model, settings.rules)));
    },
    verifyIntents(network: AssessedNetwork): IntentOutcome[] {
      return reachability.verifyIntents(modelOf(network));
    },
    exposedInterfaces(network: AssessedNetwork): ExposedInterface[] {
      return reachability.exposedInterfaces(modelOf(network));
    },
    proposeRepair(network: AssessedNetwork, finding: Finding): RepairProposal {
      const model = modelOf(network);
      const plan = planFor(model, finding, settings.remediation);
      if (plan.status !== 'ready') return { plan };
      const verdict = verifyPlan(network.snapshot, plan, {
        checkIntents: (m) => reachability.verifyIntents(m),
        rulesConfig: settings.rules,
      });
      return { plan, verdict };
    },
  };
}
