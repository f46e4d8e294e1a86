#!/usr/bin/env node
/*
 * Builds and packs every published workspace package; with --publish, publishes the tarballs.
 *
 *   yarn changeset version   # 1. versions and CHANGELOGs from .changeset/*.md (commit this)
 *   yarn release             # 2. build + pack into release/, print what would be published
 *   yarn release --publish   # 3. npm publish each tarball whose version is not on npm yet
 *
 * Packing uses `yarn pack`, which runs each package's prepack (`backstage-cli package prepack`:
 * dist entry points, `workspace:` ranges replaced by versions), so the tarball is exactly what
 * gets published; `npm publish <tarball>` then uploads it unchanged (npm login or
 * NODE_AUTH_TOKEN needed). Packages whose version is already on the registry are skipped, so
 * the command can be run again after a partial failure.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { publishedPackages } = require('./lib/workspacePackages');

const ROOT = path.resolve(__dirname, '..');
const YARN = path.join(ROOT, '.yarn', 'releases', 'yarn-4.13.0.cjs');
const OUT = path.join(ROOT, 'release');
const publish = process.argv.includes('--publish');

function run(command, args, cwd = ROOT, options = {}) {
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    ...options,
  });
  if (result.status !== 0) {
    console.error(`[release] ${command} ${args.join(' ')} failed in ${cwd}`);
    process.exit(1);
  }
  return result;
}

function onRegistry(name, version) {
  const result = spawnSync('npm', ['view', `${name}@${version}`, 'version'], {
    encoding: 'utf8',
  });
  return result.status === 0 && result.stdout.trim() === version;
}

const changesets = fs
  .readdirSync(path.join(ROOT, '.changeset'))
  .filter(f => f.endsWith('.md') && f !== 'README.md');
if (changesets.length > 0) {
  console.error(
    `[release] ${changesets.length} changeset(s) not applied yet: run \`yarn changeset version\`, ` +
      'review and commit the versions and CHANGELOGs, then release.',
  );
  if (publish) process.exit(1);
}

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
run(process.execPath, [YARN, 'tsc']);

const tarballs = [];
for (const pkg of publishedPackages()) {
  const { name, version } = pkg.json;
  const file = path.join(
    OUT,
    `${name.replace('@', '').replace('/', '-')}-${version}.tgz`,
  );
  run(process.execPath, [YARN, 'build'], pkg.dir);
  run(process.execPath, [YARN, 'pack', '--out', file], pkg.dir, {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  tarballs.push({ name, version, file, kib: fs.statSync(file).size / 1024 });
}

console.log('\n[release] packed:');
for (const t of tarballs) {
  console.log(
    `  ${t.name}@${t.version}  ${t.kib.toFixed(1)} KiB  ${path.relative(
      ROOT,
      t.file,
    )}`,
  );
}

if (!publish) {
  console.log(
    '\n[release] dry run: nothing published. `yarn release --publish` publishes these.',
  );
  process.exit(0);
}
for (const t of tarballs) {
  if (onRegistry(t.name, t.version)) {
    console.log(`[release] ${t.name}@${t.version} is already on npm; skipped`);
    continue;
  }
  run('npm', ['publish', t.file, '--access', 'public']);
}
