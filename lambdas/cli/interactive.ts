import { createInterface } from 'node:readline/promises';

/** What a command that asks before changing anything needs from the terminal; tests pass their own. */
export interface InteractiveDependencies {
  /** Whether a person can be asked (stdin is a terminal). */
  isInteractive(): boolean;
  /** Asks the question on stderr and resolves to the answer. */
  ask(question: string): Promise<string>;
  now(): Date;
}

export const processDependencies: InteractiveDependencies = {
  isInteractive: () => process.stdin.isTTY === true,
  ask: async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
  now: () => new Date(),
};
