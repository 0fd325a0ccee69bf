/** What the verifier proved about a plan on the simulated network. */

/** A must-work intent the plan would break (or a must-never one it would violate). */
export interface BrokenIntent {
  name: string;
  kind: 'must-work' | 'must-never';
  /** How it held before the change: for must-work, the path that worked. */
  before: string;
  /** How it fails after: for must-work, the component that now cuts the path. */
  after: string;
}

export interface Verdict {
  safe: boolean;
  /** The finding (same rule, resource and exact source) no longer comes out of the rules. */
  findingGone: boolean;
  brokenIntents: BrokenIntent[];
  /** Intents evaluated on the simulated model. */
  intentsChecked: number;
  /** Intents that already failed before the change; a plan cannot be blamed for them. */
  alreadyFailing: string[];
  /** One sentence: why safe, or what makes it unsafe. */
  reason: string;
}
