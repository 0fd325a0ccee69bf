import { mix32 } from './prng';

/**
 * AWS-looking resource ids (`vpc-` + 17 hex digits) that are unique by construction: the first
 * eight digits after the leading 0 are a bijection of a per-prefix counter, the last eight depend
 * only on the seed and the prefix. Unique ids matter more than random-looking ones: a collision
 * would silently merge two resources in the model.
 */
export class EstateIds {
  private readonly counters = new Map<string, number>();

  constructor(private readonly seed: number) {}

  next(prefix: string): string {
    const counter = this.counters.get(prefix) ?? 0;
    this.counters.set(prefix, counter + 1);
    const unique = hex8(mix32(counter ^ 0x5bd1e995));
    const salt = hex8(mix32(this.seed ^ stringHash(prefix)));
    return `${prefix}-0${unique}${salt}`;
  }
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193) >>> 0;
  return h;
}
