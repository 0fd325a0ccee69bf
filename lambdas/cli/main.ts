import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands';
import type { CliContext, CliIO } from './context';

const EXIT_CODES_HELP = `
Exit codes (all commands): 0 success, 1 error (bad input, unreadable snapshot, AWS error).
Some commands add their own verdict codes; each command's --help lists them.`;

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('netwarden')
    .description(
      'Keeps an AWS account network safe and working: risk scan, reachability, safe remediation, drift and audit history.\n' +
        'Every command reads the embedded example account unless --snapshot names a snapshot folder or file.',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) })
    .addHelpText('after', EXIT_CODES_HELP);
  for (const register of COMMANDS) register(program, ctx);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
  }
  return program;
}

/** Runs the CLI and resolves to the exit code; never calls process.exit, so tests can drive it. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const ctx: CliContext = { io, setExitCode: (code) => (exitCode = code) };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? 0 : 1;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.err(`netwarden: ${message}\n`);
    return 1;
  }
}
