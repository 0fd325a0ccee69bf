import type { JsonValue } from '../../core/history/records';

/** One changed leaf: its path in the document and its JSON text before and after (absent = did not exist). */
export interface DiffRow {
  path: string;
  before?: string;
  after?: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENTIFIER.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function isContainer(v: JsonValue): v is JsonValue[] | { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null;
}

function leaves(value: JsonValue, path: string, out: [string, string][]): void {
  const entries: [string | number, JsonValue][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : isContainer(value)
      ? Object.entries(value)
      : [];
  if (!isContainer(value) || entries.length === 0) {
    out.push([path === '' ? '(whole value)' : path, JSON.stringify(value)]);
    return;
  }
  for (const [key, child] of entries) leaves(child, childPath(path, key), out);
}

/** Longest common subsequence of equal elements, as index pairs; arrays here are rule lists of a few dozen. */
function commonElements(a: readonly string[], b: readonly string[]): [number, number][] {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function diffInto(before: JsonValue | undefined, after: JsonValue | undefined, path: string, rows: DiffRow[]): void {
  if (before !== undefined && after !== undefined && JSON.stringify(before) === JSON.stringify(after)) return;
  if (before === undefined || after === undefined) {
    const side = (before === undefined ? after : before) as JsonValue;
    const flat: [string, string][] = [];
    leaves(side, path, flat);
    for (const [p, text] of flat)
      rows.push(before === undefined ? { path: p, after: text } : { path: p, before: text });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    // Match equal elements first so removing the first rule shows one removed rule, not every rule shifted.
    const pairs: [number, number][] = [
      ...commonElements(
        before.map((v) => JSON.stringify(v)),
        after.map((v) => JSON.stringify(v)),
      ),
      [before.length, after.length],
    ];
    let i = 0;
    let j = 0;
    for (const [mi, mj] of pairs) {
      for (; i < mi && j < mj; i++, j++) diffInto(before[i], after[j], childPath(path, i), rows);
      for (; i < mi; i++) diffInto(before[i], undefined, childPath(path, i), rows);
      for (; j < mj; j++) diffInto(undefined, after[j], childPath(path, j), rows);
      i = mi + 1;
      j = mj + 1;
    }
    return;
  }
  if (isContainer(before) && isContainer(after) && !Array.isArray(before) && !Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) diffInto(before[key], after[key], childPath(path, key), rows);
    return;
  }
  const flatBefore: [string, string][] = [];
  leaves(before, path, flatBefore);
  const flatAfter: [string, string][] = [];
  leaves(after, path, flatAfter);
  if (flatBefore.length === 1 && flatAfter.length === 1) {
    rows.push({ path: path === '' ? '(whole value)' : path, before: flatBefore[0]![1], after: flatAfter[0]![1] });
    return;
  }
  diffInto(before, undefined, path, rows);
  diffInto(undefined, after, path, rows);
}

/** The leaves that differ between two JSON documents (a resource before and after a change). */
export function diffJson(before: JsonValue, after: JsonValue): DiffRow[] {
  const rows: DiffRow[] = [];
  diffInto(before, after, '', rows);
  return rows;
}
