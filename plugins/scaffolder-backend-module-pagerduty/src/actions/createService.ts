import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { PagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import yaml from 'yaml';

const examples = [
  {
    description:
      'A service on an existing escalation policy, with an Events API v2 integration',
    example: yaml.stringify({
      steps: [
        {
          id: 'pagerduty',
          action: 'pagerduty:service:create',
          name: 'Create the PagerDuty service',
          input: {
            name: '${{ parameters.name }}',
            description: '${{ parameters.description }}',
            escalationPolicyId: '${{ parameters.escalationPolicyId }}',
            alertGrouping: { type: 'time', timeoutMinutes: 5 },
          },
        },
      ],
    }),
  },
];

/**
 * `pagerduty:service:create`: creates a PagerDuty service (and by default an Events API v2
 * integration) and outputs the annotations the new entity needs. Any PagerDuty error fails the
 * step with PagerDuty's message. A retried task does not create the service twice.
 * @public
 */
export function createPagerDutyServiceAction(options: {
  pagerDuty: PagerDutyClientService;
}) {
  return createTemplateAction({
    id: 'pagerduty:service:create',
    description:
      'Creates a PagerDuty service on an escalation policy, optionally with alert grouping and an Events API v2 integration, and outputs the pagerduty.com/* annotations for the new entity.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .min(1)
            .max(255)
            .describe(
              'Name of the service in PagerDuty (unique in the account)',
            ),
        description: z =>
          z
            .string()
            .max(1024)
            .optional()
            .describe('Description of the service'),
        escalationPolicyId: z =>
          z
            .string()
            .min(1)
            .describe('Id of an existing escalation policy, e.g. PABC123'),
        alertGrouping: z =>
          z
            .union([
              z.object({
                type: z.literal('time'),
                timeoutMinutes: z.number().int().min(1).max(1440),
              }),
              z.object({ type: z.literal('intelligent') }),
            ])
            .optional()
            .describe('Alert grouping: time-based (minutes) or intelligent'),
        createEventsIntegration: z =>
          z
            .boolean()
            .default(true)
            .describe(
              'Also create an Events API v2 integration (default true)',
            ),
        account: z =>
          z
            .string()
            .optional()
            .describe(
              'Id of one of pagerDuty.accounts; the default account when absent',
            ),
      },
      output: {
        serviceId: z => z.string().describe('Id of the new service'),
        serviceUrl: z => z.string().describe('The service in PagerDuty'),
        account: z => z.string().describe('The account it was created in'),
        integrationId: z =>
          z.string().optional().describe('Id of the Events API v2 integration'),
        annotations: z =>
          z
            .record(z.string())
            .describe(
              'Annotations to write into the entity: pagerduty.com/service-id (and pagerduty.com/account)',
            ),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const client = options.pagerDuty.forAccount(input.account);
      const account = client.account;
      const annotations = (serviceId: string): Record<string, string> => ({
        'pagerduty.com/service-id': serviceId,
        ...(account.isDefault ? {} : { 'pagerduty.com/account': account.id }),
      });

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create PagerDuty service "${input.name}" on escalation policy ${input.escalationPolicyId} in account ${account.id}`,
        );
        ctx.output('serviceId', 'PDRYRUN');
        ctx.output('serviceUrl', `${account.apiBaseUrl}/services/PDRYRUN`);
        ctx.output('account', account.id);
        ctx.output('annotations', annotations('PDRYRUN'));
        return;
      }

      // A checkpoint: when the task is retried after this step ran, the service is not created twice.
      const created = await ctx.checkpoint({
        key: `pagerduty-service-${account.id}-${input.name}`,
        fn: async () => {
          const service = await client.createService({
            name: input.name,
            description: input.description,
            escalationPolicyId: input.escalationPolicyId,
            alertGrouping: input.alertGrouping,
          });
          ctx.logger.info(
            `Created PagerDuty service ${service.id} (${service.html_url})`,
          );
          return { id: service.id, htmlUrl: service.html_url };
        },
      });
      let integrationId: string | undefined;
      if (input.createEventsIntegration !== false) {
        integrationId = await ctx.checkpoint({
          key: `pagerduty-integration-${account.id}-${created.id}`,
          fn: async () => {
            const integration = await client.createEventsIntegration(
              created.id,
            );
            ctx.logger.info(
              `Added an Events API v2 integration (${integration.id}) to ${created.id}`,
            );
            return integration.id;
          },
        });
      }
      ctx.output('serviceId', created.id);
      ctx.output('serviceUrl', created.htmlUrl);
      ctx.output('account', account.id);
      if (integrationId) ctx.output('integrationId', integrationId);
      ctx.output('annotations', annotations(created.id));
    },
  });
}
