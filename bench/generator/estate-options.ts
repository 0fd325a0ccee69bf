/** The size knobs of a synthetic estate. Every count is exact: the snapshot holds that many items. */
export interface EstateOptions {
  seed: number;
  vpcs: number;
  /** Spread over the VPCs (at most 256 per VPC: one /24 each inside the VPC's /16). */
  subnets: number;
  /** Includes each VPC's main route table. */
  routeTables: number;
  /** Includes each VPC's default network ACL. */
  networkAcls: number;
  /** Includes each VPC's default security group (left empty). */
  securityGroups: number;
  /** Rows of `describe-security-group-rules`: one per source of every permission. */
  securityGroupRules: number;
  /** Includes the NAT gateways' interfaces. */
  networkInterfaces: number;
  /** Customer-managed prefix lists (the AWS-managed S3 list is added on top when an S3 endpoint exists). */
  prefixLists: number;
  peeringConnections: number;
  /** Fraction (0..1) of ingress sources that open something to the internet. */
  riskyRuleFraction: number;
}

export type EstatePresetName = 'small' | 'medium' | 'large';

export type EstateInput = Partial<EstateOptions> & { preset?: EstatePresetName };

export const ESTATE_PRESETS: Readonly<Record<EstatePresetName, Readonly<EstateOptions>>> = {
  small: {
    seed: 1,
    vpcs: 3,
    subnets: 24,
    routeTables: 9,
    networkAcls: 6,
    securityGroups: 60,
    securityGroupRules: 500,
    networkInterfaces: 120,
    prefixLists: 3,
    peeringConnections: 2,
    riskyRuleFraction: 0.03,
  },
  medium: {
    seed: 1,
    vpcs: 8,
    subnets: 200,
    routeTables: 40,
    networkAcls: 16,
    securityGroups: 800,
    securityGroupRules: 8_000,
    networkInterfaces: 2_000,
    prefixLists: 8,
    peeringConnections: 8,
    riskyRuleFraction: 0.03,
  },
  large: {
    seed: 1,
    vpcs: 20,
    subnets: 1_000,
    routeTables: 200,
    networkAcls: 50,
    securityGroups: 5_000,
    securityGroupRules: 50_000,
    networkInterfaces: 10_000,
    prefixLists: 20,
    peeringConnections: 30,
    riskyRuleFraction: 0.03,
  },
};

export const MAX_VPCS = 250;
export const MAX_SUBNETS_PER_VPC = 256;
/** Host numbers 10..249 of each /24 are handed out. */
export const MAX_INTERFACES_PER_SUBNET = 240;

export class EstateOptionsError extends Error {
  override readonly name = 'EstateOptionsError';
}

/** The preset (default `large`) overridden by the given knobs, checked for consistency. */
export function resolveEstateOptions(input: EstateInput = {}): EstateOptions {
  const { preset = 'large', ...overrides } = input;
  const base = ESTATE_PRESETS[preset];
  if (!base) throw new EstateOptionsError(`unknown estate preset "${preset}": expected small, medium or large`);
  const options: EstateOptions = { ...base };
  for (const [key, value] of Object.entries(overrides) as [keyof EstateOptions, number | undefined][]) {
    if (value !== undefined) options[key] = value;
  }
  validate(options);
  return options;
}

function validate(o: EstateOptions): void {
  const counts: (keyof EstateOptions)[] = [
    'seed',
    'vpcs',
    'subnets',
    'routeTables',
    'networkAcls',
    'securityGroups',
    'securityGroupRules',
    'networkInterfaces',
    'prefixLists',
    'peeringConnections',
  ];
  for (const key of counts) {
    if (!Number.isSafeInteger(o[key]) || o[key] < 0) {
      throw new EstateOptionsError(`estate option ${key} must be a non-negative integer, got ${o[key]}`);
    }
  }
  const need = (ok: boolean, message: string): void => {
    if (!ok) throw new EstateOptionsError(message);
  };
  need(o.vpcs >= 1 && o.vpcs <= MAX_VPCS, `estate option vpcs must be between 1 and ${MAX_VPCS}, got ${o.vpcs}`);
  need(
    o.subnets >= o.vpcs && o.subnets <= o.vpcs * MAX_SUBNETS_PER_VPC,
    `estate option subnets must be between vpcs (${o.vpcs}) and ${o.vpcs * MAX_SUBNETS_PER_VPC}, got ${o.subnets}`,
  );
  need(
    o.routeTables >= o.vpcs,
    `estate option routeTables must be at least vpcs (${o.vpcs}): every VPC has a main route table`,
  );
  need(
    o.networkAcls >= o.vpcs,
    `estate option networkAcls must be at least vpcs (${o.vpcs}): every VPC has a default ACL`,
  );
  need(
    o.securityGroups >= o.vpcs,
    `estate option securityGroups must be at least vpcs (${o.vpcs}): every VPC has a default group`,
  );
  need(
    o.securityGroupRules === 0 || o.securityGroups > o.vpcs,
    'estate option securityGroupRules needs securityGroups greater than vpcs: default groups stay empty',
  );
  // Each subnet may also hold one NAT gateway interface.
  const perSubnet = Math.ceil(o.networkInterfaces / o.subnets) + 1;
  need(
    perSubnet <= MAX_INTERFACES_PER_SUBNET,
    `estate option networkInterfaces (${o.networkInterfaces}) is too many for ${o.subnets} subnets: at most ${(MAX_INTERFACES_PER_SUBNET - 1) * o.subnets}`,
  );
  const maxPeerings = (o.vpcs * (o.vpcs - 1)) / 2;
  need(
    o.peeringConnections <= maxPeerings,
    `estate option peeringConnections must be at most ${maxPeerings} for ${o.vpcs} VPCs, got ${o.peeringConnections}`,
  );
  need(
    Number.isFinite(o.riskyRuleFraction) && o.riskyRuleFraction >= 0 && o.riskyRuleFraction <= 1,
    `estate option riskyRuleFraction must be between 0 and 1, got ${o.riskyRuleFraction}`,
  );
}
