#!/usr/bin/env node
import { runCli } from '../lambdas/cli/main';

// The SDK warns on every run under Node 20 that releases after January 2027 will need Node 22.
// The project pins its SDK, so the notice belongs in the README, not on every command's stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
