import { runCli } from '../../../lambdas/cli/main';

/** A CliIO that keeps what a command printed, for tests to read. */
export function capture() {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => {
      io.stdout += t;
    },
    err: (t: string) => {
      io.stderr += t;
    },
  };
  return io;
}

export interface Captured {
  code: number;
  out: string;
  err: string;
}

/** Runs `netwarden ARGS` in-process and returns its exit code and output. */
export async function run(args: string[]): Promise<Captured> {
  const io = capture();
  const code = await runCli(args, io);
  return { code, out: io.stdout, err: io.stderr };
}
