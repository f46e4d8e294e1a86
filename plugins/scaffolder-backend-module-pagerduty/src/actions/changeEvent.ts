import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { PagerDutyPluginClient } from '../api/PagerDutyPluginClient';

/**
 * `pagerduty:change-event`: a deploy marker on the PagerDuty services of an entity, through the
 * PagerDuty backend plugin with the permissions of the user who runs the template.
 * @public
 */
export function createChangeEventAction(options: {
  plugin: PagerDutyPluginClient;
}) {
  return createTemplateAction({
    id: 'pagerduty:change-event',
    description:
      "Sends a PagerDuty change event (e.g. a deploy) for a catalog entity; it shows on the entity's PagerDuty card and on incidents of its services. Needs the pagerduty.incident.trigger permission on the entity.",
    examples: [
      {
        description: 'Record a release on the component',
        example: yaml.stringify({
          steps: [
            {
              id: 'deploy-marker',
              action: 'pagerduty:change-event',
              name: 'Record the deploy in PagerDuty',
              input: {
                entityRef: 'component:default/checkout-api',
                summary: 'Deployed checkout-api ${{ parameters.version }}',
                details: { version: '${{ parameters.version }}' },
                links: [
                  {
                    href: 'https://github.com/acme/checkout-api/releases',
                    text: 'Release notes',
                  },
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
          z.string().min(1).describe('The entity the change is about'),
        summary: z =>
          z
            .string()
            .min(1)
            .max(1024)
            .describe('What changed, e.g. "Deployed v1.4.2"'),
        timestamp: z =>
          z
            .string()
            .optional()
            .describe('When it happened (ISO 8601); default now'),
        source: z => z.string().max(255).optional(),
        details: z => z.record(z.unknown()).optional(),
        links: z =>
          z
            .array(
              z.object({ href: z.string().url(), text: z.string().optional() }),
            )
            .max(50)
            .optional(),
      },
      output: {
        ids: z =>
          z
            .array(z.string())
            .describe('Outbox ids, one per PagerDuty service of the entity'),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const { entityRef, ...body } = ctx.input;
      if (ctx.isDryRun) {
        const services = await options.plugin.getServices(
          entityRef,
          credentials,
        );
        ctx.logger.info(
          `Dry run: would record "${body.summary}" on ${services.services
            .map(s => s.id)
            .join(', ')}`,
        );
        ctx.output('ids', []);
        return;
      }
      const ids = await ctx.checkpoint({
        key: `pagerduty-change-${ctx.step?.id ?? entityRef}`,
        fn: async () =>
          (
            await options.plugin.sendChangeEvent(entityRef, body, credentials)
          ).ids,
      });
      ctx.logger.info(`Recorded "${body.summary}" on ${entityRef}`);
      ctx.output('ids', ids);
    },
  });
}
