#!/usr/bin/env node
/*
 * The PagerDuty plugin's share of the built demo app: builds nothing itself, reads
 * packages/app/dist (run `yarn workspace @backstage-pagerduty/app build` first) and attributes
 * every byte of the emitted JavaScript to its original source file through the source maps.
 * Prints raw and gzipped kB for the plugin's own code (plugins/pagerduty and
 * plugins/pagerduty-common), for the whole app, and the share.
 */
/* eslint-disable no-console */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { SourceMapConsumer } = require('source-map-js');

const DIST = path.resolve(__dirname, '../dist/static');
const GROUPS = {
  'plugin-pagerduty': /plugins\/pagerduty\/src\//,
  'plugin-pagerduty-common': /plugins\/pagerduty-common\/src\//,
};

function gzipSize(text) {
  return zlib.gzipSync(Buffer.from(text), { level: 9 }).length;
}

function main() {
  if (!fs.existsSync(DIST)) {
    console.error(
      `${DIST} not found: run yarn workspace @backstage-pagerduty/app build first`,
    );
    process.exit(1);
  }
  const files = fs.readdirSync(DIST).filter(f => f.endsWith('.js'));
  const slices = Object.fromEntries(Object.keys(GROUPS).map(g => [g, []]));
  let totalRaw = 0;
  let totalGzip = 0;
  const chunks = [];

  for (const file of files) {
    const code = fs.readFileSync(path.join(DIST, file), 'utf8');
    totalRaw += Buffer.byteLength(code);
    totalGzip += gzipSize(code);
    const mapFile = path.join(DIST, `${file}.map`);
    if (!fs.existsSync(mapFile)) continue;
    const consumer = new SourceMapConsumer(
      JSON.parse(fs.readFileSync(mapFile, 'utf8')),
    );
    const lines = code.split('\n');
    // Each mapping runs from its generated position to the next mapping's.
    const mappings = [];
    consumer.eachMapping(m => mappings.push(m));
    let pluginBytes = 0;
    for (let i = 0; i < mappings.length; i++) {
      const m = mappings[i];
      const group = Object.keys(GROUPS).find(
        g => m.source && GROUPS[g].test(m.source),
      );
      if (!group) continue;
      const next = mappings[i + 1];
      const line = lines[m.generatedLine - 1] ?? '';
      const end =
        next && next.generatedLine === m.generatedLine
          ? next.generatedColumn
          : line.length;
      const text = line.slice(m.generatedColumn, end);
      slices[group].push(text);
      pluginBytes += Buffer.byteLength(text);
    }
    if (pluginBytes > 0) chunks.push({ file, pluginBytes });
  }

  const kb = n => (n / 1024).toFixed(1);
  console.log(
    `app JavaScript: ${files.length} files, ${kb(totalRaw)} kB raw, ${kb(
      totalGzip,
    )} kB gzipped`,
  );
  let pluginRaw = 0;
  let pluginGzip = 0;
  for (const [group, parts] of Object.entries(slices)) {
    const text = parts.join('');
    const raw = Buffer.byteLength(text);
    const gz = gzipSize(text);
    pluginRaw += raw;
    pluginGzip += gz;
    console.log(`${group}: ${kb(raw)} kB raw, ${kb(gz)} kB gzipped`);
  }
  console.log(
    `PagerDuty plugin total: ${kb(pluginRaw)} kB raw, ${kb(
      pluginGzip,
    )} kB gzipped = ${((100 * pluginGzip) / totalGzip).toFixed(
      2,
    )}% of the app's gzipped JavaScript`,
  );
  for (const c of chunks)
    console.log(`  in ${c.file}: ${kb(c.pluginBytes)} kB raw`);
}

main();
