#!/usr/bin/env node
/*
 * The adopter test: installs the plugins into a fresh Backstage app the way an adopter would,
 * from the tarballs `npm publish` would upload, and checks that the app type-checks, builds,
 * starts against the PagerDuty simulator and shows the card in Chromium.
 *
 *   yarn test:adopter [--frontend new|legacy] [--keep] [--dir DIR] [--create-app-version V]
 *
 * Steps (each one timed):
 *   1. build and pack every published workspace package (`yarn pack`, which runs the same
 *      prepack as `npm publish`: dist entry points, workspace ranges replaced by versions);
 *   2. `@backstage/create-app` into DIR/app, from the npm registry: the new frontend system,
 *      or with `--frontend legacy` its `--legacy` template;
 *   3. add the packages as an adopter following the READMEs would, but from the tarballs
 *      (root `resolutions`, since they are not on the registry yet): the frontend plugin to
 *      packages/app (new system: feature discovery, no code; legacy: the card and the small
 *      card in EntityPage.tsx, as the frontend README shows), the backend plugin to
 *      packages/backend (one `backend.add`), the simulator as a dev tool; a catalog entity
 *      with the annotation;
 *   4. `yarn install`, `yarn tsc`, `yarn build:backend` and the app build;
 *   5. starts the simulator and the backend (serving the built app) on free ports, never the
 *      demo's 3000/7007/7300/7301, so it runs beside the demo without the e2e lock;
 *   6. opens the entity page in Chromium and waits for the card and its open incidents (and,
 *      legacy, the small card); screenshot in test-results/adopter/.
 *
 * Needs the npm registry (create-app, the app's dependencies) and Debian's Chromium.
 * DIR (default: a new folder under the OS temp dir) is deleted on success unless --keep.
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { publishedPackages } = require('./lib/workspacePackages');

const ROOT = path.resolve(__dirname, '..');
const YARN = path.join(ROOT, '.yarn', 'releases', 'yarn-4.13.0.cjs');
const CHROMIUM = process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-results', 'adopter');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}
const KEEP = process.argv.includes('--keep');
// Reuse the tarballs of an earlier run in the same --dir (while working on this script).
const REUSE = process.argv.includes('--reuse-tarballs');
const CREATE_APP_VERSION = arg('--create-app-version', 'latest');
const FRONTEND = arg('--frontend', 'new');
if (!['new', 'legacy'].includes(FRONTEND)) {
  throw new Error(`--frontend is "${FRONTEND}"; expected "new" or "legacy"`);
}
const WORK = path.resolve(
  arg('--dir', '') || fs.mkdtempSync(path.join(os.tmpdir(), 'pd-adopter-')),
);
const BIN = path.join(WORK, 'bin');
const APP = path.join(WORK, 'app');
const TARBALLS = path.join(WORK, 'tarballs');

const started = Date.now();
const timings = [];
const children = [];

function log(message) {
  process.stderr.write(`[adopter] ${message}\n`);
}

/** An environment without the variables of the yarn that may have started this script. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|YARN_|BERRY_|INIT_CWD|PROJECT_CWD)/i.test(key)) continue;
    env[key] = value;
  }
  // `yarn` is the repository's committed release (create-app checks that yarn exists).
  env.PATH = [BIN, path.dirname(process.execPath), env.PATH].join(
    path.delimiter,
  );
  // Native addons (better-sqlite3) build against the running Node's headers, no download.
  const nodeDir = path.resolve(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(nodeDir, 'include', 'node'))) {
    env.npm_config_nodedir = nodeDir;
  }
  return { ...env, ...extra };
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: cleanEnv(),
    ...options,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${options.cwd || ROOT}) exited with ${
        result.status ?? result.signal
      }`,
    );
  }
  return result;
}

function yarn(cwd, ...args) {
  return run(process.execPath, [YARN, ...args], { cwd });
}

async function step(name, fn) {
  const t0 = Date.now();
  log(`${name} ...`);
  const value = await fn();
  const seconds = (Date.now() - t0) / 1000;
  timings.push([name, seconds]);
  log(`${name}: ${seconds.toFixed(0)} s`);
  return value;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`${url}: the process exited with ${child.exitCode}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function background(command, args, cwd, logFile) {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(command, args, {
    cwd,
    env: cleanEnv(),
    stdio: ['ignore', out, out],
    detached: true,
  });
  children.push(child);
  return child;
}

function stopChildren() {
  for (const child of children) {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}

function packTarballs() {
  fs.mkdirSync(TARBALLS, { recursive: true });
  fs.mkdirSync(BIN, { recursive: true });
  fs.writeFileSync(
    path.join(BIN, 'yarn'),
    `#!/bin/sh\nexec "${process.execPath}" "${YARN}" "$@"\n`,
    { mode: 0o755 },
  );
  // Declarations of every package come from one tsc run (dist-types), as in Backstage repos.
  if (!REUSE) yarn(ROOT, 'tsc');
  const tarballs = {};
  for (const pkg of publishedPackages()) {
    const name = pkg.json.name;
    const file = path.join(
      TARBALLS,
      `${name.replace('@', '').replace('/', '-')}-${pkg.json.version}.tgz`,
    );
    if (!REUSE || !fs.existsSync(file)) {
      yarn(pkg.dir, 'build');
      yarn(pkg.dir, 'pack', '--out', file);
    }
    const listing = spawnSync('tar', ['-tzvf', file], { encoding: 'utf8' });
    const unpacked = listing.stdout
      .split('\n')
      .filter(Boolean)
      .reduce((sum, line) => sum + Number(line.split(/\s+/)[2] || 0), 0);
    tarballs[name] = {
      file,
      packedKiB: fs.statSync(file).size / 1024,
      unpackedKiB: unpacked / 1024,
      files: listing.stdout.split('\n').filter(Boolean).length,
    };
  }
  return tarballs;
}

function createApp() {
  run(
    'npm',
    [
      'exec',
      '--yes',
      '--package',
      `@backstage/create-app@${CREATE_APP_VERSION}`,
      '--',
      'backstage-create-app',
      '--path',
      APP,
      '--skip-install',
      ...(FRONTEND === 'legacy' ? ['--legacy'] : []),
    ],
    { cwd: WORK, env: cleanEnv({ BACKSTAGE_APP_NAME: 'adopter-app' }) },
  );
}

function editJson(file, edit) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(json);
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

/** Legacy frontend system: the frontend README's EntityPage.tsx snippets, card and small card. */
function addLegacyCards() {
  const file = path.join(
    APP,
    'packages',
    'app',
    'src',
    'components',
    'catalog',
    'EntityPage.tsx',
  );
  const page = fs.readFileSync(file, 'utf8');
  const anchor = `const overviewContent = (
  <Grid container spacing={3} alignItems="stretch">
    {entityWarningContent}
`;
  if (!page.includes(anchor)) {
    throw new Error(
      `${file} has no overviewContent grid; the template changed`,
    );
  }
  fs.writeFileSync(
    file,
    `import {
  EntityPagerDutyCard,
  EntityPagerDutySmallCard,
  isPagerDutyAvailable,
} from '@backstage-pagerduty/plugin-pagerduty';
${page.replace(
  anchor,
  `${anchor}    <EntitySwitch>
      <EntitySwitch.Case if={isPagerDutyAvailable}>
        <Grid item md={6}>
          <EntityPagerDutyCard />
        </Grid>
        <Grid item md={4} xs={12}>
          <EntityPagerDutySmallCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
`,
)}`,
  );
}

function addPlugins(tarballs, ports) {
  const range = name =>
    `^${publishedPackages().find(p => p.json.name === name).json.version}`;
  // Not on the registry yet: every range of our packages resolves to its tarball.
  editJson(path.join(APP, 'package.json'), json => {
    json.resolutions = json.resolutions || {};
    // The optional platform packages this repository pins (see CONTRIBUTING.md: the registry
    // mirror here lacks some of their newest versions); no effect on a complete registry.
    const own = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
    ).resolutions;
    for (const [key, value] of Object.entries(own)) {
      // better-sqlite3 13: create-app's 12.x crashed the backend on Node 24 here (a native
      // assertion in Statement::~Statement during startup).
      if (
        key.includes('@npm:') ||
        key === '@yarnpkg/core' ||
        key === 'better-sqlite3'
      ) {
        json.resolutions[key] = value;
      }
    }
    for (const [name, t] of Object.entries(tarballs)) {
      json.resolutions[name] = `file:${t.file}`;
    }
    json.devDependencies = json.devDependencies || {};
    json.devDependencies['@backstage-pagerduty/pagerduty-simulator'] = range(
      '@backstage-pagerduty/pagerduty-simulator',
    );
  });
  // Frontend (README, new frontend system): add the package; `app.packages: all` finds it.
  editJson(path.join(APP, 'packages', 'app', 'package.json'), json => {
    json.dependencies['@backstage-pagerduty/plugin-pagerduty'] = range(
      '@backstage-pagerduty/plugin-pagerduty',
    );
  });
  if (FRONTEND === 'legacy') addLegacyCards();
  // Backend (README): add the package and one line.
  // Backend: the plugin, and what the example permission policy imports.
  const installed = name =>
    `^${
      JSON.parse(
        fs.readFileSync(
          path.join(ROOT, 'node_modules', name, 'package.json'),
          'utf8',
        ),
      ).version
    }`;
  editJson(path.join(APP, 'packages', 'backend', 'package.json'), json => {
    for (const name of [
      '@backstage-pagerduty/plugin-pagerduty-backend',
      '@backstage-pagerduty/plugin-pagerduty-common',
    ]) {
      json.dependencies[name] = range(name);
    }
    for (const name of [
      '@backstage/plugin-permission-common',
      '@backstage/plugin-permission-node',
    ]) {
      json.dependencies[name] = json.dependencies[name] || installed(name);
    }
  });
  const indexFile = path.join(APP, 'packages', 'backend', 'src', 'index.ts');
  const index = fs.readFileSync(indexFile, 'utf8');
  if (!index.includes('backend.start();')) {
    throw new Error(
      `${indexFile} has no backend.start(); the template changed`,
    );
  }
  fs.writeFileSync(
    indexFile,
    index.replace(
      'backend.start();',
      "// PagerDuty\nbackend.add(import('@backstage-pagerduty/plugin-pagerduty-backend'));\n\nbackend.start();",
    ),
  );
  // The example permission policy of the README, type-checked and started here.
  fs.copyFileSync(
    path.join(ROOT, 'docs', 'examples', 'pagerDutyOwnerPolicy.ts'),
    path.join(APP, 'packages', 'backend', 'src', 'pagerDutyOwnerPolicy.ts'),
  );
  const withPolicy = fs
    .readFileSync(indexFile, 'utf8')
    .replace(
      /backend\.add\(\s*import\('@backstage\/plugin-permission-backend-module-allow-all-policy'\),?\s*\);/,
      "backend.add(import('./pagerDutyOwnerPolicy'));",
    );
  if (!withPolicy.includes('./pagerDutyOwnerPolicy')) {
    throw new Error(`${indexFile}: the allow-all policy line was not found`);
  }
  fs.writeFileSync(indexFile, withPolicy);
  fs.writeFileSync(
    path.join(APP, 'examples', 'pagerduty.yaml'),
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout-api
  annotations:
    pagerduty.com/service-id: PCHKOUT
spec:
  type: service
  lifecycle: production
  owner: guests
`,
  );
  const base = `http://localhost:${ports.backend}`;
  fs.writeFileSync(
    path.join(APP, 'app-config.adopter.yaml'),
    `# Written by scripts/adopter-test.js: the built app served by the backend on a free port.
app:
  baseUrl: ${base}
backend:
  baseUrl: ${base}
  listen:
    port: ${ports.backend}
  cors:
    origin: ${base}
  database:
    client: better-sqlite3
    connection: ':memory:'
auth:
  providers:
    guest:
      dangerouslyAllowOutsideDevelopment: true
catalog:
  locations:
    - type: file
      target: ../../examples/pagerduty.yaml
      rules:
        - allow: [Component]
pagerDuty:
  apiToken: pdsim_demo_token_0123456789
  apiBaseUrl: http://127.0.0.1:${ports.simulator}
  eventsBaseUrl: http://127.0.0.1:${ports.simulator}
`,
  );
}

async function seeCard(port) {
  const { chromium } = require(require.resolve('@playwright/test', {
    paths: [ROOT],
  }));
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    // Whatever happens below, the page as it was is kept for a look.
    const failShot = path.join(SHOTS, 'failed.png');
    await page.goto(
      `http://localhost:${port}/catalog/default/component/checkout-api`,
    );
    const heading = page
      // The legacy entity header's heading also holds the "add to favorites" star.
      .getByRole('heading', { name: /^checkout-api\b/ })
      .first();
    const enter = page.getByRole('button', { name: 'Enter' });
    try {
      await heading.or(enter).waitFor({ timeout: 120_000 });
      if (await enter.isVisible()) await enter.click();
      await heading.waitFor({ timeout: 60_000 });
    } catch (error) {
      await page.screenshot({ path: failShot, fullPage: true });
      throw new Error(
        `the entity page did not show checkout-api (${failShot}): ${error.message}`,
      );
    }
    // By role and text, not by class: the legacy app's production build minifies MUI's.
    try {
      await page
        .getByRole('heading', { name: 'PagerDuty', exact: true })
        .waitFor({ timeout: 60_000 });
      await page
        .getByText('Checkout API error rate above 5%')
        .first()
        .waitFor({ timeout: 60_000 });
    } catch (error) {
      throw new Error(
        `the card did not show the open incidents (${path.join(
          SHOTS,
          'card.png',
        )}): ${error.message}`,
      );
    } finally {
      await page.screenshot({
        path: path.join(SHOTS, 'card.png'),
        fullPage: true,
      });
    }
    if (FRONTEND === 'legacy') {
      const small = page.getByTestId('pagerduty-small-card');
      await small
        .getByText('On call now')
        .waitFor({ timeout: 60_000 })
        .catch(async error => {
          throw new Error(
            `the small card did not show who is on call (${await small.count()} small cards): ${
              error.message
            }`,
          );
        });
      await small.screenshot({ path: path.join(SHOTS, 'small-card.png') });
      log('the small card shows who is on call now');
    }
    log(`the card shows the open incidents (${path.join(SHOTS, 'card.png')})`);
  } finally {
    await browser.close();
  }
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install chromium, or set PLAYWRIGHT_CHROMIUM_PATH`,
    );
  }
  log(`working in ${WORK} (${FRONTEND} frontend system)`);
  const tarballs = await step('build and pack', packTarballs);
  if (fs.existsSync(APP)) fs.rmSync(APP, { recursive: true, force: true });
  await step('create-app', createApp);
  const ports = { backend: await freePort(), simulator: await freePort() };
  await step('add the plugins', () => addPlugins(tarballs, ports));
  await step('yarn install', () => yarn(APP, 'install'));
  await step('yarn tsc', () => yarn(APP, 'tsc'));
  await step('yarn build:backend', () => yarn(APP, 'build:backend'));
  // build:backend builds the app too (the backend depends on it); build it if it did not.
  if (!fs.existsSync(path.join(APP, 'packages', 'app', 'dist', 'index.html'))) {
    await step('app build', () => yarn(APP, 'workspace', 'app', 'build'));
  }
  await step('start simulator and backend', async () => {
    const sim = background(
      path.join(APP, 'node_modules', '.bin', 'pagerduty-simulator'),
      ['--port', String(ports.simulator), '--quiet'],
      APP,
      path.join(WORK, 'simulator.log'),
    );
    await waitFor(
      `http://127.0.0.1:${ports.simulator}/_simulator/stats`,
      30_000,
      sim,
    );
    const backend = background(
      process.execPath,
      [
        YARN,
        'workspace',
        'backend',
        'start',
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.adopter.yaml',
      ],
      APP,
      path.join(WORK, 'backend.log'),
    );
    await waitFor(
      `http://localhost:${ports.backend}/.backstage/health/v1/readiness`,
      240_000,
      backend,
    );
  });
  await step('the card in Chromium', () => seeCard(ports.backend));

  const total = (Date.now() - started) / 1000;
  log('package sizes (as published):');
  for (const [name, t] of Object.entries(tarballs)) {
    log(
      `  ${name}: ${t.packedKiB.toFixed(1)} KiB packed, ${t.unpackedKiB.toFixed(
        1,
      )} KiB unpacked, ${t.files} files`,
    );
  }
  log('timings:');
  for (const [name, seconds] of timings) {
    log(`  ${name}: ${seconds.toFixed(0)} s`);
  }
  log(`PASSED in ${(total / 60).toFixed(1)} min`);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopChildren();
    process.exit(1);
  });
}

main()
  .then(() => {
    stopChildren();
    if (!KEEP) fs.rmSync(WORK, { recursive: true, force: true });
  })
  .catch(error => {
    stopChildren();
    log(`FAILED: ${error.message}`);
    log(`kept ${WORK} (backend.log, simulator.log) for a look`);
    process.exit(1);
  });
