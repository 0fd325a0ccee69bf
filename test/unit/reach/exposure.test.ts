import fc from 'fast-check';
import { NetworkModel } from '../../../lambdas/core/model/network-model';
import { analyzePath, exposureOf } from '../../../lambdas/core/reach';
import { exposureRows } from '../../../lambdas/core/reach/exposure';
import { reachIndexFor } from '../../../lambdas/core/reach/reach-index';
import { buildSnapshot, ENIS, INTERNET_ADDRESSES, networkArb } from './random-network';
import { listScenarios, loadScenarioModel } from './scenario-loader';

describe('exposureOf', () => {
  it('answers exactly what single path analyses from the internet find (random networks)', () => {
    fc.assert(
      fc.property(
        networkArb,
        fc.constantFrom(...ENIS),
        fc.constantFrom<6 | 17>(6, 17),
        fc.constantFrom(22, 80, 443, 1500, 5000),
        fc.constantFrom(1500, 33000, 50000, 61000),
        fc.constantFrom(...INTERNET_ADDRESSES),
        (shape, eniId, protocol, port, sourcePort, sourceIp) => {
          // Prepare
          const model = NetworkModel.build(buildSnapshot(shape));
          const idx = reachIndexFor(model);

          // Act
          const { rows } = exposureRows(idx, idx.eni(eniId)!, { ephemeralPorts: { from: sourcePort, to: sourcePort } });
          const inSet = rows.some((r) => r.services.contains(protocol, port) && r.sources.contains(sourceIp));
          const path = analyzePath(model, {
            source: 'internet',
            destination: eniId,
            protocol,
            destinationPorts: { from: port, to: port },
            sourceIp,
            sourcePort,
          });

          // Assess
          expect(inSet).toBe(path.reachable);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives every answer of the scenario corpus a reachable witness path', () => {
    for (const scenario of listScenarios()) {
      // Prepare
      const { model } = loadScenarioModel(scenario);

      // Act
      const list = exposureOf(model);

      // Assess
      for (const e of list) {
        for (const a of e.answers) {
          expect({
            scenario: scenario.name,
            eni: e.networkInterfaceId,
            answer: `${a.protocol}:${a.ports}`,
            reachable: a.witness?.reachable,
          }).toEqual({
            scenario: scenario.name,
            eni: e.networkInterfaceId,
            answer: `${a.protocol}:${a.ports}`,
            reachable: true,
          });
        }
      }
    }
  });

  it('reports HTTPS from any public address for the public web server, and nothing for the private app server', () => {
    // Prepare
    const scenario = listScenarios().find((s) => s.name === 'igw-https-to-web')!;
    const { model } = loadScenarioModel(scenario);

    // Act
    const [web, app] = exposureOf(model, { interfaceIds: ['eni-0a1a0000000000001', 'eni-0a1a0000000000002'] });

    // Assess
    expect(web?.answers.map((a) => [a.family, a.protocol, a.ports, a.sourcesSummary, a.destinationAddress])).toEqual([
      [4, 'tcp', '443', 'any public IPv4 address', '54.10.0.10'],
    ]);
    expect(app?.exposed).toBe(false);
    expect(app?.notes).toEqual(['no public IPv4 address and no IPv6 address']);
  });

  it('narrows sources to a prefix list and follows the ephemeral-port trap', () => {
    // Prepare
    const byName = (n: string) => loadScenarioModel(listScenarios().find((s) => s.name === n)!).model;

    // Act
    const office = exposureOf(byName('prefix-list-in-sg'), {
      interfaceIds: ['eni-0a1a0000000000001'],
      witnesses: false,
    })[0];
    const trapped = exposureOf(byName('nacl-ephemeral-return-trap'), { interfaceIds: ['eni-0a1a0000000000001'] })[0];
    const windows = exposureOf(byName('nacl-ephemeral-return-trap'), {
      interfaceIds: ['eni-0a1a0000000000001'],
      ephemeralPorts: { from: 1024, to: 32767 },
    })[0];

    // Assess
    // The list also holds 203.0.113.0/24, documentation space that is not on the internet.
    expect(office?.answers.find((a) => a.ports === '22')?.sources).toEqual(['81.2.69.0/24']);
    expect(trapped?.exposed).toBe(false);
    expect(windows?.answers.map((a) => `${a.protocol}:${a.ports}`)).toEqual(['tcp:443']);
  });
});
