/** Loads the scenario corpus in test/fixtures/reach: one merged AWS-shaped snapshot and its expected verdicts per folder. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NetworkModel } from '../../../lambdas/core/model/network-model';
import { parseSnapshotDocuments } from '../../../lambdas/core/model/parse-snapshot';
import type { PathQuery, ReachOptions } from '../../../lambdas/core/reach/types';

export const SCENARIO_DIR = path.resolve(__dirname, '../../fixtures/reach');

export interface ScenarioCase {
  query: Omit<PathQuery, 'protocol'> & { protocol: string };
  reachable: boolean;
  /** Exactly the blocking explanation codes. */
  codes: string[];
  /** Informational codes that must be present. */
  notes?: string[];
  options?: ReachOptions;
  unknown?: boolean;
  /** EC2 APIs the suggested fixes must include. */
  fixApis?: string[];
}

export interface Scenario {
  name: string;
  description: string;
  snapshotPath: string;
  cases: ScenarioCase[];
}

export function listScenarios(): Scenario[] {
  return readdirSync(SCENARIO_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = path.join(SCENARIO_DIR, d.name);
      const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as {
        description: string;
        cases: ScenarioCase[];
      };
      return {
        name: d.name,
        description: expected.description,
        snapshotPath: path.join(dir, 'snapshot.json'),
        cases: expected.cases,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function loadScenarioModel(s: Scenario): { model: NetworkModel; problems: string[] } {
  const parsed = parseSnapshotDocuments([{ name: s.snapshotPath, text: readFileSync(s.snapshotPath, 'utf8') }]);
  const model = NetworkModel.build(parsed.snapshot);
  const problems = [...parsed.diagnostics, ...model.diagnostics].map((d) => `${d.level} ${d.path}: ${d.message}`);
  return { model, problems };
}
