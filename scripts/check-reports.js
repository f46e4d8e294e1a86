#!/usr/bin/env node
/*
 * The publishing checks of `npm test` (run as `yarn check:reports`): package metadata, peer
 * dependencies, the API reports and the knip reports. Each failure names the command that fixes
 * it; `yarn build:reports` regenerates both kinds of report in one go.
 *
 * Packages are found through the root `workspaces` globs by the tools themselves, so a new
 * package is checked without being listed anywhere.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');

const CHECKS = [
  {
    name: 'package.json fields (exports, repository, plugin packages)',
    command: ['backstage-cli', 'repo', 'fix', '--publish', '--check'],
    fix: 'yarn fix',
  },
  {
    name: 'package metadata (homepage, bugs, keywords, CHANGELOG, ...)',
    command: [process.execPath, path.join(__dirname, 'package-metadata.js')],
    fix: 'yarn fix',
  },
  {
    name: 'peer dependencies (react, @types/react, react-router-dom)',
    command: ['backstage-repo-tools', 'peer-deps'],
    fix: 'yarn backstage-repo-tools peer-deps --fix',
  },
  {
    name: 'API reports (report*.api.md)',
    command: [
      'backstage-repo-tools',
      'api-reports',
      '--ci',
      '--tsc',
      ...require('../package.json')
        .scripts['build:api-reports:only'].split(' ')
        .slice(2),
    ],
    fix: 'yarn build:api-reports, then commit the changed report*.api.md files (a warning in a report is fixed in the source: export or tag the symbol it names)',
  },
  {
    name: 'knip reports (knip-report.md: unused and unlisted dependencies)',
    command: ['backstage-repo-tools', 'knip-reports', '--ci'],
    fix: 'yarn build:knip-reports, then commit the changed knip-report.md files (better: remove the unused dependency or list the missing one, then run it)',
  },
];

const failed = [];
for (const check of CHECKS) {
  process.stderr.write(`\n[check:reports] ${check.name}\n`);
  const [command, ...args] = check.command;
  const executable = path.isAbsolute(command)
    ? command
    : path.join(BIN, command);
  const result = spawnSync(executable, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) failed.push(check);
}

if (failed.length > 0) {
  process.stderr.write('\n[check:reports] FAILED:\n');
  for (const check of failed) {
    process.stderr.write(`  - ${check.name}\n    fix: ${check.fix}\n`);
  }
  process.stderr.write(
    '  (`yarn build:reports` regenerates the API and knip reports together; from a clone ' +
      'without yarn on the PATH use scripts/y instead of yarn.)\n',
  );
  process.exit(1);
}
process.stderr.write('\n[check:reports] all publishing checks pass\n');
