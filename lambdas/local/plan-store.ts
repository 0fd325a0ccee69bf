/**
 * Where the CLI keeps what it applied, so it can be rolled back and audited: one JSON file per
 * applied plan under `<state>/plans/` (default state folder `.netwarden/` in the working
 * directory). The file is written with the before-state BEFORE the first change, then updated
 * with the outcomes, then with the rollback. Writes go through a temporary file and a rename so a
 * crash never leaves half a record.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../core/findings/finding';
import type { RemediationAction } from '../core/remediation/actions';
import type { ActionOutcome } from '../core/remediation/apply-per-resource';
import type { ResourceState } from '../core/remediation/before-state';
import type { RemediationEvent } from '../core/remediation/flap-guard';

export const DEFAULT_STATE_DIR = '.netwarden';

export interface StoredPlanItem {
  findingKey: string;
  ruleId: string;
  resourceId: string;
  finding: Finding;
  summary: string;
  actions: RemediationAction[];
}

/** Where a plan was applied: a snapshot written to a new folder, or a live account through EC2. */
export type PlanTarget = { kind: 'snapshot'; outputDir: string } | { kind: 'aws'; region: string; profile?: string };

export interface StoredRollback {
  at: string;
  /** The rolled-back snapshot folder (snapshot targets only). */
  outputDir?: string;
  /** The touched resources as the rollback found them (the state apply left, or later changes). */
  beforeState: ResourceState[];
  actions: RemediationAction[];
  outcomes: ActionOutcome[];
  /** Every touched resource is back to its recorded before-state. */
  restored: boolean;
}

export type StoredPlanStatus = 'applying' | 'applied' | 'partially-applied' | 'rolled-back';

export interface StoredPlan {
  id: string;
  createdAt: string;
  status: StoredPlanStatus;
  /** Where the network came from (`example:acme`, a folder path, `aws:eu-west-1`). */
  inputOrigin: string;
  target: PlanTarget;
  items: StoredPlanItem[];
  beforeState: ResourceState[];
  outcomes: ActionOutcome[];
  rollback?: StoredRollback;
}

export class PlanStoreError extends Error {
  override readonly name = 'PlanStoreError';
}

const ID_PATTERN = /^plan-\d{8}T\d{6}Z-[0-9a-f]{6}$/;

export class PlanStore {
  constructor(readonly stateDir: string) {}

  /** A new plan id: the UTC time it was made and a random suffix, so ids sort by time and never collide in practice. */
  static newId(now: Date, suffix: string = randomBytes(3).toString('hex')): string {
    const stamp = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    return `plan-${stamp}-${suffix}`;
  }

  private get plansDir(): string {
    return path.join(this.stateDir, 'plans');
  }

  private fileOf(id: string): string {
    if (!ID_PATTERN.test(id)) {
      throw new PlanStoreError(
        `"${id}" is not a plan id (expected plan-YYYYMMDDTHHMMSSZ-xxxxxx, as netwarden apply prints)`,
      );
    }
    return path.join(this.plansDir, `${id}.json`);
  }

  async save(plan: StoredPlan): Promise<string> {
    const file = this.fileOf(plan.id);
    await mkdir(this.plansDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(plan, null, 2)}\n`, 'utf8');
    await rename(temporary, file);
    return file;
  }

  async load(id: string): Promise<StoredPlan> {
    const file = this.fileOf(id);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error: unknown) {
      if (errorCode(error) === 'ENOENT') {
        throw new PlanStoreError(`no plan ${id} in ${this.plansDir} (give --state the folder netwarden apply used)`);
      }
      throw new PlanStoreError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      const plan = JSON.parse(text) as StoredPlan;
      if (
        plan.id !== id ||
        !Array.isArray(plan.items) ||
        !Array.isArray(plan.beforeState) ||
        plan.target === undefined
      ) {
        throw new PlanStoreError(`${file}: $: expected a stored plan with id ${id}, target, items and beforeState`);
      }
      return plan;
    } catch (error: unknown) {
      if (error instanceof SyntaxError) throw new PlanStoreError(`${file}: not valid JSON (${error.message})`);
      throw error;
    }
  }

  async list(): Promise<StoredPlan[]> {
    const names = await readdir(this.plansDir).catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    });
    const ids = names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length))
      .filter((id) => ID_PATTERN.test(id));
    return Promise.all(ids.sort().map((id) => this.load(id)));
  }

  /** Every remediation the CLI applied (and did not roll back), for the flap guard. */
  async remediationHistory(): Promise<RemediationEvent[]> {
    const plans = await this.list();
    return plans
      .filter((plan) => plan.status !== 'rolled-back')
      .flatMap((plan) =>
        plan.items
          .filter((item) =>
            plan.outcomes.some((o) => o.status === 'applied' && item.actions.some((a) => sameAction(a, o.action))),
          )
          .map((item) => ({ resourceId: item.resourceId, ruleId: item.ruleId, at: plan.createdAt })),
      );
  }
}

function sameAction(a: RemediationAction, b: RemediationAction): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The `code` of a Node.js system error (checked structurally: under jest, fs errors come from another realm). */
function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
