import { parseArgs } from './args';

describe('CLI arguments', () => {
  it('parses every flag', () => {
    const { options } = parseArgs([
      '--port',
      '7400',
      '--host',
      '0.0.0.0',
      '--seed',
      '3',
      '--latency-ms=25',
      '--token',
      'a',
      '--token',
      'b',
      '--no-rate-limit',
      '--webhook-url',
      'http://localhost:9/hook',
      '--webhook-secret',
      's',
    ]);
    expect(options).toEqual({
      port: 7400,
      host: '0.0.0.0',
      seed: 3,
      latencyMs: 25,
      tokens: ['a', 'b'],
      rateLimits: false,
      webhookSubscriptions: [{ url: 'http://localhost:9/hook', secret: 's' }],
    });
  });

  it('keeps defaults when no flags are given', () => {
    expect(parseArgs([]).options).toEqual({});
  });

  it('rejects bad input', () => {
    expect(() => parseArgs(['--port', 'x'])).toThrow(/integer/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/Unknown option/);
    expect(() => parseArgs(['--webhook-url', 'http://x'])).toThrow(
      /webhook-secret/,
    );
    expect(() => parseArgs(['--webhook-secret', 's'])).toThrow(/follow/);
  });
});
