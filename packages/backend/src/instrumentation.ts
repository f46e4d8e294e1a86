/*
 * OpenTelemetry metrics of the demo backend, scraped by Prometheus: the global meter provider
 * that Backstage's metrics service (and so the PagerDuty plugin) records into, read by the
 * Prometheus exporter on PROMETHEUS_PORT (default 9464; `PROMETHEUS_PORT=0` turns it off).
 * Imported first by index.ts, so the provider exists before any plugin creates its meter.
 */
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

const port = Number(process.env.PROMETHEUS_PORT ?? 9464);
if (port > 0) {
  const exporter = new PrometheusExporter({ port, host: '127.0.0.1' });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
}
