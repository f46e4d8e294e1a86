#!/usr/bin/env node
/*
 * Load benchmark: starts the simulator (latency 0, rate limits off) in this process and drives
 * keep-alive GETs from a child process (so client and server use one core each).
 *
 *   yarn workspace @backstage-pagerduty/pagerduty-simulator bench [--seconds 5] [--concurrency 50] [--path /services/PCHKOUT]
 */
/* eslint-disable no-console */
const { fork } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const fs = require('node:fs');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function runClient() {
  const { url, seconds, concurrency, target, token } = JSON.parse(
    process.env.PDSIM_BENCH,
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const { hostname, port } = new URL(url);
  const latencies = [];
  let errors = 0;
  let statusErrors = 0;
  const deadline = Date.now() + seconds * 1000;
  const once = () =>
    new Promise(resolve => {
      const start = process.hrtime.bigint();
      const req = http.request(
        {
          hostname,
          port,
          path: target,
          agent,
          headers: {
            authorization: `Token token=${token}`,
            accept: 'application/vnd.pagerduty+json;version=2',
          },
        },
        res => {
          if (res.statusCode !== 200) statusErrors += 1;
          res.resume();
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end();
    });
  const worker = async () => {
    while (Date.now() < deadline) await once();
  };
  // Warm-up (JIT, sockets), not measured.
  await Promise.all(Array.from({ length: concurrency }, () => once()));
  latencies.length = 0;
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = p =>
    latencies[
      Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))
    ] ?? NaN;
  process.send({
    requests: latencies.length,
    seconds: elapsed,
    rps: latencies.length / elapsed,
    p50: pct(50),
    p99: pct(99),
    errors,
    statusErrors,
  });
  agent.destroy();
}

async function main() {
  const src = path.resolve(__dirname, '../src/index.ts');
  let sim;
  if (fs.existsSync(src)) {
    require('@backstage/cli/config/nodeTransform.cjs');
    sim = require('../src');
  } else {
    sim = require('../dist/index.cjs.js');
  }
  const seconds = Number(arg('seconds', '5'));
  const concurrency = Number(arg('concurrency', '50'));
  const target = arg('path', '/services/PCHKOUT');
  const server = await sim.startPagerDutySimulator({
    port: 0,
    latencyMs: 0,
    rateLimits: false,
  });
  console.log(
    `simulator at ${server.url}; GET ${target} for ${seconds}s at concurrency ${concurrency}...`,
  );
  const child = fork(__filename, ['--client'], {
    env: {
      ...process.env,
      PDSIM_BENCH: JSON.stringify({
        url: server.url,
        seconds,
        concurrency,
        target,
        token: sim.DEMO_TOKEN,
      }),
    },
    execArgv: [],
  });
  const result = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
    child.once(
      'exit',
      code => code && reject(new Error(`client exited with ${code}`)),
    );
  });
  const stats = server.stats();
  await server.stop();
  console.log(
    [
      `requests:    ${result.requests} in ${result.seconds.toFixed(2)} s`,
      `throughput:  ${Math.round(result.rps)} requests/s`,
      `latency:     p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(
        2,
      )} ms`,
      `errors:      ${result.errors} network, ${result.statusErrors} non-200`,
      `server saw:  ${stats.total} requests`,
    ].join('\n'),
  );
}

if (process.argv.includes('--client')) {
  runClient().catch(err => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch(err => {
    console.error(err);
    process.exit(1);
  });
}
