import type { Command } from 'commander';

/** Where a command writes. Tests pass their own to capture output; the binary passes the process's. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  io: CliIO;
  /** Commands report their verdict through the exit code (0 ok, 1 error, 2/3 per command). */
  setExitCode(code: number): void;
}

/** A command module adds one command (with its sub-commands) to the program. */
export type CommandRegistrar = (program: Command, ctx: CliContext) => void;

/** An error the user can fix: printed as one clear line, exit code 1, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
