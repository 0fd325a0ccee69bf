import type { CommandRegistrar } from '../context';
import { registerApply } from './apply';
import { registerBaseline } from './baseline';
import { registerDrift } from './drift';
import { registerExposure } from './exposure';
import { registerHistory } from './history';
import { registerPlan } from './plan';
import { registerReach } from './reach';
import { registerReplay } from './replay';
import { registerReport } from './report';
import { registerRollback } from './rollback';
import { registerScan } from './scan';
import { registerSnapshot } from './snapshot';
import { registerVerify } from './verify';

/**
 * Every command of `netwarden`, in the order `--help` lists them: the order of the work (find,
 * explain, prove, fix, undo, watch for drift, audit), then the tools that feed it.
 */
export const COMMANDS: CommandRegistrar[] = [
  registerScan,
  registerReach,
  registerExposure,
  registerVerify,
  registerPlan,
  registerApply,
  registerRollback,
  registerDrift,
  registerBaseline,
  registerHistory,
  registerReport,
  registerReplay,
  registerSnapshot,
];
