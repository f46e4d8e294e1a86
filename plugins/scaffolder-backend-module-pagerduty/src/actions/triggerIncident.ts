import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { PAGERDUTY_SEVERITIES } from '@backstage-pagerduty/plugin-pagerduty-common';
import yaml from 'yaml';
import { PagerDutyPluginClient } from '../api/PagerDutyPluginClient';

/**
 * `pagerduty:incident:trigger`: pages the on-call owners of an entity (a pipeline's "page the
 * application owner" stage), through the PagerDuty backend plugin with the permissions of the
 * user who runs the template.
 * @public
 */
export function createTriggerIncidentAction(options: {
  plugin: PagerDutyPluginClient;
}) {
  return createTemplateAction({
    id: 'pagerduty:incident:trigger',
    description:
      "Triggers a PagerDuty incident for a catalog entity: pages whoever is on call for the entity's PagerDuty service. Needs the pagerduty.incident.trigger permission on the entity.",
    examples: [
      {
        description:
          'Page the owners of the component when a migration step fails',
        example: yaml.stringify({
          steps: [
            {
              id: 'page',
              action: 'pagerduty:incident:trigger',
              name: 'Page the owners',
              if: '${{ steps.migrate.output.failed }}',
              input: {
                entityRef: 'component:default/checkout-api',
                summary:
                  'Database migration failed during release ${{ parameters.version }}',
                severity: 'critical',
                dedupKey: 'release-${{ parameters.version }}',
                links: [
                  { href: 'https://ci.example.com/runs/42', text: 'CI run' },
                ],
              },
            },
          ],
        }),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The entity whose owners are paged, e.g. component:default/checkout-api',
            ),
        summary: z =>
          z
            .string()
            .min(1)
            .max(1024)
            .describe('What happened (the incident title)'),
        severity: z =>
          z
            .enum(PAGERDUTY_SEVERITIES)
            .default('error')
            .describe('critical and error page with high urgency'),
        source: z =>
          z
            .string()
            .max(255)
            .optional()
            .describe('Where it happened; default the entity ref'),
        details: z =>
          z
            .record(z.unknown())
            .optional()
            .describe('Custom details shown on the incident'),
        dedupKey: z =>
          z
            .string()
            .max(255)
            .optional()
            .describe(
              'Events v2 dedup key: the same key again adds to the same open incident',
            ),
        links: z =>
          z
            .array(
              z.object({ href: z.string().url(), text: z.string().optional() }),
            )
            .max(50)
            .optional(),
        serviceId: z =>
          z
            .string()
            .optional()
            .describe(
              "Which of the entity's services to page (default the first)",
            ),
      },
      output: {
        triggerId: z =>
          z
            .string()
            .describe(
              'Id of the trigger in the outbox; GET /api/pagerduty/triggers/{id} tells its delivery',
            ),
        dedupKey: z => z.string(),
        serviceId: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const { entityRef, ...rest } = ctx.input;
      if (ctx.isDryRun) {
        const services = await options.plugin.getServices(
          entityRef,
          credentials,
        );
        ctx.logger.info(
          `Dry run: would page the on-call of ${entityRef} (PagerDuty services: ${services.services
            .map(s => s.id)
            .join(', ')})`,
        );
        ctx.output('triggerId', 'dry-run');
        ctx.output('dedupKey', rest.dedupKey ?? 'dry-run');
        return;
      }
      const accepted = await ctx.checkpoint({
        key: `pagerduty-trigger-${ctx.step?.id ?? entityRef}`,
        fn: async () => {
          const r = await options.plugin.triggerIncident(
            entityRef,
            {
              ...rest,
              client: 'Backstage scaffolder',
              severity: rest.severity ?? 'error',
            },
            credentials,
          );
          return {
            id: r.id,
            dedupKey: r.dedupKey,
            serviceId: r.serviceId ?? null,
          };
        },
      });
      ctx.logger.info(
        `Paged the on-call of ${entityRef} (trigger ${accepted.id}, dedup key ${accepted.dedupKey})`,
      );
      ctx.output('triggerId', accepted.id);
      ctx.output('dedupKey', accepted.dedupKey);
      if (accepted.serviceId) ctx.output('serviceId', accepted.serviceId);
    },
  });
}
