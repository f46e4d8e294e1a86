'use strict';
/*
 * The repository's workspace packages, as the root `workspaces` globs (of the form `dir/*`)
 * name them: shared by the release, adopter and package-metadata scripts.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Every workspace package: its directory and its package.json. */
function workspacePackages() {
  const root = readJson(path.join(ROOT, 'package.json'));
  return root.workspaces
    .flatMap(glob => {
      if (!glob.endsWith('/*')) {
        throw new Error(
          `unsupported workspaces glob "${glob}"; expected "dir/*"`,
        );
      }
      const base = path.join(ROOT, glob.slice(0, -2));
      return fs
        .readdirSync(base, { withFileTypes: true })
        .filter(d => d.isDirectory())
        .map(d => path.join(base, d.name));
    })
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .map(dir => ({ dir, json: readJson(path.join(dir, 'package.json')) }));
}

/** The workspace packages that get published (not `private`). */
function publishedPackages() {
  return workspacePackages().filter(pkg => !pkg.json.private);
}

module.exports = { ROOT, readJson, workspacePackages, publishedPackages };
