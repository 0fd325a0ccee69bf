/**
 * A small declarative checker for untrusted JSON (snapshot files, Config items). Shapes are data, so
 * one walker reports every problem with its JSON path and what was expected, instead of each loader
 * repeating `typeof` checks. Only the fields the engine relies on are declared; AWS adds fields all
 * the time, so undeclared fields are left alone.
 */
import { tryParseCidr } from '../net/ip';
import { parseProtocol } from '../net/protocol';

export type Shape =
  | { readonly kind: 'id' | 'string' | 'boolean' | 'protocol' }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'cidr' | 'address'; readonly family?: 4 | 6 }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'array'; readonly of: Shape }
  | {
      readonly kind: 'object';
      readonly required: Readonly<Record<string, Shape>>;
      readonly optional: Readonly<Record<string, Shape>>;
    }
  | { readonly kind: 'either'; readonly of: readonly Shape[] };

export interface ShapeProblem {
  path: string;
  /** What was expected and what was found, e.g. `expected an integer from -1 to 65535, got the string "22"`. */
  message: string;
}

export const S = {
  id: { kind: 'id' } as Shape,
  string: { kind: 'string' } as Shape,
  boolean: { kind: 'boolean' } as Shape,
  protocol: { kind: 'protocol' } as Shape,
  integer: (min: number, max: number): Shape => ({ kind: 'integer', min, max }),
  cidr: (family?: 4 | 6): Shape => ({ kind: 'cidr', family }),
  address: (family?: 4 | 6): Shape => ({ kind: 'address', family }),
  enumOf: (...values: string[]): Shape => ({ kind: 'enum', values }),
  array: (of: Shape): Shape => ({ kind: 'array', of }),
  object: (required: Record<string, Shape>, optional: Record<string, Shape> = {}): Shape => ({
    kind: 'object',
    required,
    optional,
  }),
  either: (...of: Shape[]): Shape => ({ kind: 'either', of }),
};

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `$.a.b`, `$.a['pl-1']`: dot notation where the key allows it, bracket notation otherwise. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}['${key.replace(/'/g, "\\'")}']`;
}

/**
 * Checks `value` against `shape` and returns every problem found (empty = valid). Optional fields
 * holding `null` are deleted from their object: exporters other than the AWS CLI (Config, SDK dumps)
 * print absent fields as `null`, and the engine relies on absent meaning `undefined`.
 */
export function checkShape(value: unknown, shape: Shape, path: string): ShapeProblem[] {
  if (conformsTo(value, shape)) return [];
  const problems: ShapeProblem[] = [];
  walk(value, shape, { root: path, keys: [] }, problems);
  return problems;
}

/**
 * Whether `value` matches `shape`, with the same side effect as `checkShape` (null optional fields
 * deleted) but no problem list: a check compiled once per shape, for the millions of valid nodes of a
 * large snapshot. `checkShape` walks the shape again only for a value that fails, so the walker alone
 * words every problem. Like the walker, it never stops at the first problem inside a value, so both
 * delete the same null fields.
 */
export function conformsTo(value: unknown, shape: Shape): boolean {
  return compiled(shape)(value);
}

type Check = (value: unknown) => boolean;

const checks = new WeakMap<Shape, Check>();

function compiled(shape: Shape): Check {
  let check = checks.get(shape);
  if (check === undefined) {
    check = compile(shape);
    checks.set(shape, check);
  }
  return check;
}

function compile(shape: Shape): Check {
  switch (shape.kind) {
    case 'object':
      return compileObject(shape.required, shape.optional);
    case 'array': {
      const of = compiled(shape.of);
      return (value) => {
        if (!Array.isArray(value)) return false;
        let ok = true;
        for (let index = 0; index < value.length; index++) if (!of(value[index])) ok = false;
        return ok;
      };
    }
    case 'either': {
      const options = shape.of.map(compiled);
      return (value) => options.some((option) => option(value));
    }
    case 'protocol':
      return (value) => typeof value === 'string' && isProtocol(value);
    case 'cidr':
      return (value) => typeof value === 'string' && value.includes('/') && isFamily(value, shape.family);
    case 'address':
      return (value) => typeof value === 'string' && !value.includes('/') && isFamily(value, shape.family);
    default:
      return (value) => isValidScalar(value, shape);
  }
}

function compileObject(required: Readonly<Record<string, Shape>>, optional: Readonly<Record<string, Shape>>): Check {
  const requiredKeys = Object.keys(required);
  const requiredChecks = requiredKeys.map((key) => compiled(required[key] as Shape));
  const optionalKeys = Object.keys(optional);
  const optionalChecks = optionalKeys.map((key) => compiled(optional[key] as Shape));
  return (value) => {
    if (!isObject(value)) return false;
    let ok = true;
    for (let k = 0; k < requiredKeys.length; k++) {
      const child = value[requiredKeys[k]!];
      if (child === undefined || child === null || !requiredChecks[k]!(child)) ok = false;
    }
    for (let k = 0; k < optionalKeys.length; k++) {
      const key = optionalKeys[k]!;
      const child = value[key];
      if (child === null) delete value[key];
      else if (child !== undefined && !optionalChecks[k]!(child)) ok = false;
    }
    return ok;
  };
}

/**
 * The path being walked, as a stack of keys: the text of a path is only built when a problem is
 * reported, because a large snapshot has millions of valid nodes and a handful of bad ones.
 */
interface PathStack {
  root: string;
  keys: (string | number)[];
}

function pathText(stack: PathStack, last?: string | number): string {
  let text = stack.root;
  for (const key of stack.keys) text = childPath(text, key);
  return last === undefined ? text : childPath(text, last);
}

const fieldLists = new WeakMap<Readonly<Record<string, Shape>>, [string, Shape][]>();

function fieldsOf(fields: Readonly<Record<string, Shape>>): [string, Shape][] {
  let list = fieldLists.get(fields);
  if (list === undefined) {
    list = Object.entries(fields);
    fieldLists.set(fields, list);
  }
  return list;
}

function walk(value: unknown, shape: Shape, stack: PathStack, problems: ShapeProblem[]): void {
  if (shape.kind === 'object') {
    if (!isObject(value)) {
      problems.push(problem(pathText(stack), shape, value));
      return;
    }
    for (const [key, field] of fieldsOf(shape.required)) {
      const child = value[key];
      if (child === undefined || child === null) {
        problems.push(problem(pathText(stack, key), field, child));
        continue;
      }
      stack.keys.push(key);
      walk(child, field, stack, problems);
      stack.keys.pop();
    }
    for (const [key, field] of fieldsOf(shape.optional)) {
      const child = value[key];
      if (child === null) delete value[key];
      else if (child !== undefined) {
        stack.keys.push(key);
        walk(child, field, stack, problems);
        stack.keys.pop();
      }
    }
    return;
  }
  if (shape.kind === 'array') {
    if (!Array.isArray(value)) {
      problems.push(problem(pathText(stack), shape, value));
      return;
    }
    for (let index = 0; index < value.length; index++) {
      stack.keys.push(index);
      walk(value[index], shape.of, stack, problems);
      stack.keys.pop();
    }
    return;
  }
  if (shape.kind === 'either') {
    if (!shape.of.some((option) => checkShape(value, option, '$').length === 0)) {
      problems.push(problem(pathText(stack), shape, value));
    }
    return;
  }
  if (!isValidScalar(value, shape)) problems.push(problem(pathText(stack), shape, value));
}

function isValidScalar(value: unknown, shape: Shape): boolean {
  switch (shape.kind) {
    case 'id':
      return typeof value === 'string' && value.trim() !== '';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value) && (value as number) >= shape.min && (value as number) <= shape.max;
    case 'enum':
      return typeof value === 'string' && shape.values.includes(value);
    case 'protocol':
      return typeof value === 'string' && isProtocol(value);
    case 'cidr':
      return typeof value === 'string' && value.includes('/') && isFamily(value, shape.family);
    case 'address':
      return typeof value === 'string' && !value.includes('/') && isFamily(value, shape.family);
    default:
      return false;
  }
}

/**
 * Snapshots repeat the same texts (0.0.0.0/0 on thousands of rules, "tcp" on most): each is parsed once.
 * Bounded so that a long-lived process reading many snapshots does not grow without limit.
 */
const TEXT_MEMO_LIMIT = 65_536;
const cidrVersions = new Map<string, 4 | 6 | undefined>();
const protocolTexts = new Map<string, boolean>();

function isFamily(text: string, family: 4 | 6 | undefined): boolean {
  let version = cidrVersions.get(text);
  if (version === undefined && !cidrVersions.has(text)) {
    version = tryParseCidr(text)?.version;
    if (cidrVersions.size >= TEXT_MEMO_LIMIT) cidrVersions.clear();
    cidrVersions.set(text, version);
  }
  return version !== undefined && (family === undefined || version === family);
}

function isProtocol(text: string): boolean {
  let valid = protocolTexts.get(text);
  if (valid === undefined) {
    valid = succeeds(() => parseProtocol(text));
    if (protocolTexts.size >= TEXT_MEMO_LIMIT) protocolTexts.clear();
    protocolTexts.set(text, valid);
  }
  return valid;
}

function succeeds(attempt: () => unknown): boolean {
  try {
    attempt();
    return true;
  } catch (error: unknown) {
    if (error instanceof Error) return false;
    throw error;
  }
}

function problem(path: string, shape: Shape, value: unknown): ShapeProblem {
  return { path, message: `expected ${expectedText(shape)}, got ${describeValue(value)}` };
}

export function expectedText(shape: Shape): string {
  switch (shape.kind) {
    case 'id':
      return 'a non-empty id string';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'protocol':
      return 'a protocol ("tcp", "udp", "icmp", "icmpv6", "-1" or a number 0-255 as a string)';
    case 'integer':
      return `an integer from ${shape.min} to ${shape.max}`;
    case 'cidr':
      return shape.family === 6
        ? 'an IPv6 CIDR such as "2001:db8::/56"'
        : shape.family === 4
          ? 'an IPv4 CIDR such as "10.0.0.0/16"'
          : 'an IPv4 or IPv6 CIDR';
    case 'address':
      return shape.family === 6
        ? 'an IPv6 address'
        : shape.family === 4
          ? 'an IPv4 address'
          : 'an IPv4 or IPv6 address';
    case 'enum':
      return `one of ${shape.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'either':
      return shape.of.map(expectedText).join(' or ');
  }
}

/** How a found value is named in messages: `the string "22"`, `the number 22`, `an object`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return 'an object';
}
