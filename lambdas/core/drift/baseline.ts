/**
 * The baseline: the approved state of every tracked resource, and who approved each change to it.
 * It is a versioned JSON document with sorted keys, so the same network always gives the same
 * bytes and a reviewer can diff two baselines line by line.
 */
import type { Snapshot } from '../model/snapshot';
import { sortKeys } from '../remediation/json';
import { normalizeResources, type TrackedResource } from './resource-state';

export const BASELINE_FORMAT_VERSION = 1;

/** A person (or a trusted pipeline) accepting the current state of some resources as approved. */
export interface Approval {
  /** ISO-8601 instant. */
  at: string;
  /** Who approved: a person, or the principal ARN of a trusted IaC role. */
  by: string;
  reason: string;
  /** Resources whose state was accepted. */
  resources: string[];
  /** The differences accepted, as `resourceId path (kind)` lines. */
  differences: string[];
}

export interface Baseline {
  formatVersion: typeof BASELINE_FORMAT_VERSION;
  /** When the state was first captured (ISO-8601). */
  capturedAt: string;
  /** Where it was captured from: a snapshot path, `example:acme`, `aws:eu-west-1`. */
  origin: string;
  approvals: Approval[];
  resources: Record<string, TrackedResource>;
}

export interface CaptureMeta {
  capturedAt: string;
  origin: string;
}

/** The baseline of a snapshot: every tracked resource's normalised state, no approvals yet. */
export function captureBaseline(snapshot: Snapshot, meta: CaptureMeta): Baseline {
  return {
    formatVersion: BASELINE_FORMAT_VERSION,
    capturedAt: meta.capturedAt,
    origin: meta.origin,
    approvals: [],
    resources: normalizeResources(snapshot),
  };
}

/** The baseline as file text: keys sorted, two-space indent, final newline. */
export function serializeBaseline(baseline: Baseline): string {
  const { formatVersion, capturedAt, origin, approvals, resources } = baseline;
  // The header fields first so a person opening the file sees what it is before the resources.
  const ordered = {
    formatVersion,
    capturedAt,
    origin,
    approvals: approvals.map((a) => ({
      at: a.at,
      by: a.by,
      reason: a.reason,
      resources: [...a.resources].sort(),
      differences: a.differences,
    })),
    resources: sortKeys(resources),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
