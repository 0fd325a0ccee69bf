import { diffJson } from '../../../lambdas/cli/report/json-diff';

describe('diffJson', () => {
  it('shows a removed rule as removed leaves, without shifting the rules after it', () => {
    // Prepare
    const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
    const https = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

    // Act
    const rows = diffJson(
      { GroupId: 'sg-1', IpPermissions: [ssh, https] },
      { GroupId: 'sg-1', IpPermissions: [https] },
    );

    // Assess
    expect(rows).toEqual([
      { path: 'IpPermissions[0].IpProtocol', before: '"tcp"' },
      { path: 'IpPermissions[0].FromPort', before: '22' },
      { path: 'IpPermissions[0].ToPort', before: '22' },
      { path: 'IpPermissions[0].IpRanges[0].CidrIp', before: '"0.0.0.0/0"' },
    ]);
  });

  it('pairs a changed element and reports changed, added and removed keys', () => {
    // Act
    const rows = diffJson(
      { Entries: [{ RuleNumber: 100, CidrBlock: '0.0.0.0/0', RuleAction: 'allow' }], 'odd key': 1, gone: null },
      { Entries: [{ RuleNumber: 100, CidrBlock: '10.0.0.0/8', RuleAction: 'allow' }], 'odd key': 2, added: [] },
    );

    // Assess
    expect(rows).toEqual([
      { path: 'Entries[0].CidrBlock', before: '"0.0.0.0/0"', after: '"10.0.0.0/8"' },
      { path: '["odd key"]', before: '1', after: '2' },
      { path: 'gone', before: 'null' },
      { path: 'added', after: '[]' },
    ]);
  });

  it('reports nothing for equal documents and a whole-value change for scalars', () => {
    // Act + Assess
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
    expect(diffJson('open', 'closed')).toEqual([{ path: '(whole value)', before: '"open"', after: '"closed"' }]);
  });
});
