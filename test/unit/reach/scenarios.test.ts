import { parseProtocol } from '../../../lambdas/core/net/protocol';
import { analyzePath } from '../../../lambdas/core/reach';
import { listScenarios, loadScenarioModel } from './scenario-loader';

const scenarios = listScenarios();

describe('reachability scenario corpus', () => {
  it('has at least 30 scenarios', () => {
    // Assess
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    it('loads without error diagnostics', () => {
      // Act
      const { problems } = loadScenarioModel(scenario);
      const errors = problems.filter((p) => p.startsWith('error'));

      // Assess
      expect(errors).toEqual([]);
    });

    it.each(scenario.cases.map((c, i) => [i, `${c.query.source} -> ${c.query.destination}`, c] as const))(
      'case %i: %s',
      (_i, _label, c) => {
        // Prepare
        const { model } = loadScenarioModel(scenario);
        const query = { ...c.query, protocol: parseProtocol(c.query.protocol) };

        // Act
        const result = analyzePath(model, query, c.options);

        // Assess
        const blocking = [...new Set(result.explanations.filter((e) => e.blocking).map((e) => e.code))].sort();
        const notes = result.explanations.filter((e) => !e.blocking).map((e) => e.code);
        expect({ reachable: result.reachable, codes: blocking }).toEqual({ reachable: c.reachable, codes: c.codes });
        expect(result.unknown).toBe(c.unknown ?? false);
        for (const n of c.notes ?? []) expect(notes).toContain(n);
        const apis = result.suggestedFixes.map((f) => f.api);
        for (const api of c.fixApis ?? []) expect(apis).toContain(api);
        if (result.reachable) {
          expect(result.returnPath.length).toBeGreaterThan(0);
          expect(result.allowedServices).toBe(result.requestedServices);
        }
      },
    );
  });
});
