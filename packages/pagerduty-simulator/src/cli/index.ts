/* eslint-disable no-console */
import { SEED } from '../state/seed';
import { startPagerDutySimulator } from '../simulator';
import { DEMO_TOKEN } from '../types';
import { USAGE, parseArgs } from './args';

/**
 * Entry point of bin/pagerduty-simulator.
 * @public
 */
export async function main(
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    console.log(USAGE);
    return;
  }
  const { options, quiet } = parsed;
  const sim = await startPagerDutySimulator({
    ...options,
    logger: quiet
      ? undefined
      : line => console.log(`${new Date().toISOString()} ${line}`),
  });
  const tokens = options.tokens ?? [DEMO_TOKEN];
  console.log(`PagerDuty simulator listening on ${sim.url}`);
  console.log(
    `  REST API v2:   ${sim.url}   (Authorization: Token token=${tokens[0]})`,
  );
  console.log(
    `  Events API v2: ${sim.url}/v2/enqueue   (e.g. routing_key ${SEED.integrationKeys.checkout})`,
  );
  console.log(
    `  Admin:         ${sim.url}/_simulator/stats | /_simulator/faults | /_simulator/reset`,
  );
  console.log(`  Token(s):      ${tokens.join(', ')}`);
  const shutdown = () => {
    sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (require.main === module) {
  main().catch(err => {
    console.error(err);
    process.exit(1);
  });
}
