import type { CommandRegistrar } from '../context';

/** Every command of `netwarden`, in the order `--help` lists them. Each lives in its own file. */
export const COMMANDS: CommandRegistrar[] = [];
