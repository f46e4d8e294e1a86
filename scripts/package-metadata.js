#!/usr/bin/env node
/*
 * Checks (or with --fix, sets) the npm metadata of every published workspace package, so that
 * npm readers reach the docs, the issue tracker and the source:
 * `license`, `homepage`, `bugs`, `keywords`, `publishConfig.access`, `files`, a README, a
 * CHANGELOG and a catalog-info.yaml listed in the root catalog-info.yaml. `repository` (with
 * `directory`) is `backstage-cli repo fix --publish`'s job.
 *
 * Every package matched by the root `workspaces` globs and not `private` is checked, so new
 * packages are picked up without being listed here.
 *
 *   node scripts/package-metadata.js          # check, exit 1 listing what is missing
 *   node scripts/package-metadata.js --fix    # set what can be derived from the root package
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const {
  ROOT,
  readJson,
  workspacePackages,
} = require('./lib/workspacePackages');
const fix = process.argv.includes('--fix');

/** Inserts `key` after `afterKey` (or at the end), keeping the rest of the order. */
function insertAfter(obj, afterKey, key, value) {
  const out = {};
  let placed = false;
  for (const [k, v] of Object.entries(obj)) {
    out[k] = v;
    if (k === afterKey) {
      out[key] = value;
      placed = true;
    }
  }
  if (!placed) out[key] = value;
  return out;
}

function main() {
  const root = readJson(path.join(ROOT, 'package.json'));
  const repoUrl = root.repository && root.repository.url;
  if (!repoUrl) {
    throw new Error('the root package.json needs repository.url');
  }
  const problems = [];
  const rootCatalog = fs.readFileSync(
    path.join(ROOT, 'catalog-info.yaml'),
    'utf8',
  );

  for (const { dir } of workspacePackages()) {
    const file = path.join(dir, 'package.json');
    let pkg = readJson(file);
    if (pkg.private) continue;
    const rel = path.relative(ROOT, dir).split(path.sep).join('/');
    const expected = {
      license: root.license || 'Apache-2.0',
      homepage: `${repoUrl}/tree/main/${rel}#readme`,
      bugs: { url: root.bugs && root.bugs.url },
    };
    const missing = [];
    let changed = false;
    let after = 'description';
    for (const [key, value] of Object.entries(expected)) {
      if (JSON.stringify(pkg[key]) !== JSON.stringify(value)) {
        if (fix) {
          if (key in pkg) pkg[key] = value;
          else pkg = insertAfter(pkg, after, key, value);
          changed = true;
        } else {
          missing.push(`${key} should be ${JSON.stringify(value)}`);
        }
      }
      after = key;
    }
    if (!Array.isArray(pkg.keywords) || !pkg.keywords.includes('backstage')) {
      if (fix) {
        pkg.keywords = [...new Set(['backstage', ...(pkg.keywords || [])])];
        changed = true;
      } else {
        missing.push('keywords should include "backstage"');
      }
    }
    if (!pkg.description) missing.push('a description');
    if (!pkg.publishConfig || pkg.publishConfig.access !== 'public') {
      missing.push(
        'publishConfig.access "public" (scoped packages are private by default)',
      );
    }
    if (!Array.isArray(pkg.files) || !pkg.files.includes('dist')) {
      missing.push('files including "dist"');
    }
    if (pkg.configSchema && !(pkg.files || []).includes(pkg.configSchema)) {
      missing.push(`files including the configSchema "${pkg.configSchema}"`);
    }
    if (!fs.existsSync(path.join(dir, 'README.md')))
      missing.push('a README.md');
    if (!fs.existsSync(path.join(dir, 'catalog-info.yaml'))) {
      missing.push('a catalog-info.yaml');
    } else if (!rootCatalog.includes(`./${rel}/catalog-info.yaml`)) {
      missing.push(
        `the root catalog-info.yaml's Location to list ./${rel}/catalog-info.yaml`,
      );
    }
    const changelog = path.join(dir, 'CHANGELOG.md');
    if (!fs.existsSync(changelog)) {
      if (fix) fs.writeFileSync(changelog, `# ${pkg.name}\n`);
      else missing.push('a CHANGELOG.md (changesets appends to it)');
    }
    if (changed) fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
    for (const m of missing) problems.push(`${rel}/package.json: ${m}`);
  }

  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(
      '\nPackage metadata is incomplete. Run `yarn fix` (or `scripts/y fix`), which runs ' +
        '`node scripts/package-metadata.js --fix`, then fix by hand what is left and commit.',
    );
    process.exit(1);
  }
}

main();
