#!/usr/bin/env node
// Installed entry point: runs the TypeScript CLI through tsx so no build step is needed.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const tsx = require.resolve('tsx/cli');
const result = spawnSync(process.execPath, [tsx, path.join(__dirname, 'netwarden.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
