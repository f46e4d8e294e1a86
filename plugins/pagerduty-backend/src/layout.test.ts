/*
 * The layout is the architecture (see the README, "Where things go"): no two folders of src/
 * import each other, and plugin.ts is the only composition root. This test reads the imports
 * of every source file, tests and test utilities excluded.
 */
import fs from 'node:fs';
import path from 'node:path';

const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__testUtils__' ? [] : sourceFiles(full);
    }
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [full]
      : [];
  });
}

/** `from 'x'` and `import('x')` specifiers of a file, type-only imports included. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map(m => m[1]);
}

/** The top-level folder of src/ a file is in ('.' for files directly in src/). */
const folderOf = (file: string) => {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length > 1 ? parts[0] : '.';
};

/** folder → the folders its files import. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const to = folderOf(path.resolve(path.dirname(file), spec));
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

describe('backend layout', () => {
  it('has no two folders of src/ that import each other, directly or through others', () => {
    const graph = folderGraph();
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      for (const next of graph.get(node) ?? []) {
        if (trail.includes(next)) {
          cycles.push([...trail.slice(trail.indexOf(next)), next].join(' → '));
        } else {
          visit(next, [...trail, next]);
        }
      }
    };
    for (const node of graph.keys()) visit(node, [node]);
    expect(cycles).toEqual([]);
    // The layering, from the bottom: what each folder may use.
    expect(Object.fromEntries([...graph].map(([k, v]) => [k, [...v].sort()])))
      .toMatchInlineSnapshot(`
      {
        ".": [
          "config",
          "database",
          "router",
          "services",
          "triggers",
          "webhooks",
        ],
        "config": [],
        "database": [],
        "errors": [],
        "router": [
          "errors",
          "services",
          "webhooks",
        ],
        "services": [
          "database",
          "errors",
          "triggers",
        ],
        "triggers": [
          "config",
          "database",
        ],
        "webhooks": [
          "config",
          "database",
          "errors",
          "services",
        ],
      }
    `);
  });

  it('has one composition root: only plugin.ts builds stores, engines and routers', () => {
    const builders =
      /new (OutboxStore|WebhookStore|TriggerWorker|WebhookReceiver|WebhookEventHandler|LiveUpdates|TriggerService|IncidentActionsService)\(|(?<!function )(createRouter|migrateDatabase)\(/;
    const offenders = sourceFiles(SRC)
      .filter(file => !file.endsWith(`${path.sep}plugin.ts`))
      .filter(file => builders.test(fs.readFileSync(file, 'utf8')))
      .map(file => path.relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});
