import { DEMO_TOKEN, PagerDutySimulatorOptions } from '../types';

export const USAGE = `Usage: pagerduty-simulator [options]

  --port N             port to listen on (default 7300; 0 = random)
  --host H             interface to bind (default 127.0.0.1)
  --seed S             data seed (default 1)
  --services N         grow the account to N services with generated ones (default: seed only)
  --latency-ms L       latency added to every REST/Events response (default 0)
  --token T            accepted REST token, repeatable (default ${DEMO_TOKEN})
  --no-rate-limit      disable the REST (960/min/token) and Events (120/min/key) limits
  --webhook-url U      deliver Webhooks v3 to U (repeatable, paired with --webhook-secret)
  --webhook-secret S   signing secret of the preceding --webhook-url
  --quiet              do not log requests
  --help               show this help
`;

export interface CliOptions {
  options: PagerDutySimulatorOptions;
  quiet: boolean;
  help: boolean;
}

/** Parses the command line; throws an Error with a message on invalid input. */
export function parseArgs(argv: string[]): CliOptions {
  const options: PagerDutySimulatorOptions = {};
  const tokens: string[] = [];
  const hooks: Array<{ url: string; secret?: string }> = [];
  let quiet = false;
  let help = false;
  const int = (name: string, v: string | undefined, min = 0) => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) {
      throw new Error(`${name} expects a non-negative integer`);
    }
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} expects a value`);
      return v;
    };
    switch (flag) {
      case '--port':
        options.port = int(flag, value());
        break;
      case '--host':
        options.host = value();
        break;
      case '--seed':
        options.seed = int(flag, value());
        break;
      case '--services':
        options.services = int(flag, value());
        break;
      case '--latency-ms':
        options.latencyMs = int(flag, value());
        break;
      case '--token':
        tokens.push(value());
        break;
      case '--no-rate-limit':
        options.rateLimits = false;
        break;
      case '--webhook-url':
        hooks.push({ url: value() });
        break;
      case '--webhook-secret': {
        const last = hooks[hooks.length - 1];
        if (!last || last.secret !== undefined)
          throw new Error('--webhook-secret must follow a --webhook-url');
        last.secret = value();
        break;
      }
      case '--quiet':
        quiet = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new Error(`Unknown option ${arg}`);
    }
  }
  if (tokens.length) options.tokens = tokens;
  if (hooks.length) {
    options.webhookSubscriptions = hooks.map(h => {
      if (!h.secret)
        throw new Error(`--webhook-url ${h.url} needs a --webhook-secret`);
      return { url: h.url, secret: h.secret };
    });
  }
  return { options, quiet, help };
}
