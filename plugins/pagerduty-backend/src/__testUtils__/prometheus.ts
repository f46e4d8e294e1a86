import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/**
 * A real OpenTelemetry pipeline for tests: a MeterProvider read by the Prometheus exporter,
 * served on a random port. `metrics` is what Backstage's metrics service is (an OpenTelemetry
 * meter); `scrape()` reads the endpoint as Prometheus would.
 */
export async function startPrometheus() {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  const meter = provider.getMeter('backstage-plugin-pagerduty');
  const server = http.createServer((req, res) =>
    exporter.getMetricsRequestHandler(req, res),
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/metrics`;
  return {
    metrics: meter as unknown as MetricsService,
    url,
    async scrape(): Promise<string> {
      return (await fetch(url)).text();
    },
    async stop() {
      await new Promise(resolve => server.close(resolve));
      await provider.shutdown();
    },
  };
}

/** The value of one sample line, e.g. `pagerduty_client_requests_total{route="GET /x",status="200"}`. */
export function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const ok = Object.entries(labels).every(([k, v]) =>
      line.includes(`${k}="${v}"`),
    );
    if (!ok) continue;
    total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
