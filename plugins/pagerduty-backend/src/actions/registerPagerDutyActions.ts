import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { JsonObject } from '@backstage/types';
import {
  PAGERDUTY_SEVERITIES,
  PagerDutyIncident,
  addIncidentNoteRequestSchema,
  changeEventRequestSchema,
  triggerIncidentRequestSchema,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { CardDataService } from '../services/CardDataService';
import { IncidentActionsService } from '../services/IncidentActionsService';
import { OutboxEventService } from '../services/OutboxEventService';
import { TriggerService } from '../services/TriggerService';
import { entityParamsOf, parseWith } from './entityInput';

/** What the actions call: the same services as the HTTP routes, nothing else. */
export interface PagerDutyActionsDeps {
  actionsRegistry: ActionsRegistryService;
  auditor: AuditorService;
  cardData: CardDataService;
  triggers: TriggerService;
  incidents: IncidentActionsService;
  outboxEvents: OutboxEventService;
}

function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return (
    principal.userEntityRef ?? principal.subject ?? principal.type ?? 'none'
  );
}

const ENTITY_REF_DESCRIPTION =
  'The catalog entity, e.g. component:default/checkout-api (kind defaults to component, namespace to default)';

/**
 * The PagerDuty actions of Backstage's actions registry (`pagerduty:*`), for AI agents
 * through the MCP actions server and for other plugins. Every action runs with the caller's
 * credentials through the services the HTTP routes use: catalog visibility, the PagerDuty
 * permissions on the entity, the trigger outbox, audit events.
 */
export function registerPagerDutyActions(deps: PagerDutyActionsDeps) {
  const { actionsRegistry: registry, auditor } = deps;

  /** Writes are audited like their routes, success or failure. */
  async function audited<T>(
    eventId: string,
    credentials: BackstageCredentials,
    meta: JsonObject,
    fn: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      meta: {
        ...meta,
        via: 'actions-registry',
        actor: actorOf(credentials),
      },
    });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  const entityRef = (z: typeof import('zod/v3').z) =>
    z.string().min(1).describe(ENTITY_REF_DESCRIPTION);
  const incidentId = (z: typeof import('zod/v3').z) =>
    z
      .string()
      .min(1)
      .describe('The PagerDuty incident id, e.g. Q1ABCD2EFGH3IJ');
  const incidentShape = (z: typeof import('zod/v3').z) =>
    z.object({
      id: z.string(),
      number: z.number(),
      title: z.string(),
      status: z.enum(['triggered', 'acknowledged', 'resolved']),
      urgency: z.enum(['high', 'low']),
      serviceId: z.string(),
      createdAt: z.string(),
      htmlUrl: z.string(),
      assignees: z.array(z.string()),
    });
  const incidentOut = (i: PagerDutyIncident) => ({
    id: i.id,
    number: i.number,
    title: i.title,
    status: i.status,
    urgency: i.urgency,
    serviceId: i.serviceId,
    createdAt: i.createdAt,
    htmlUrl: i.htmlUrl,
    assignees: i.assignees.map(a => a.name),
  });

  registry.register({
    name: 'get-oncall',
    title: 'Who is on call for an entity',
    description:
      "Lists who is on call for a catalog entity's PagerDuty services, per escalation policy and level (level 1 is paged first), with each person's name and email. A `from` time means nobody is on call at that level now and this person comes next.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object({ entityRef: entityRef(z) }),
      output: z =>
        z.object({
          oncall: z.array(
            z.object({
              escalationPolicy: z.string(),
              level: z.number(),
              name: z.string(),
              email: z.string().optional(),
              schedule: z.string().optional(),
              until: z.string().optional(),
              from: z.string().optional(),
            }),
          ),
          errors: z.array(z.string()),
        }),
    },
    examples: [
      {
        title: 'Who is on call for checkout-api',
        input: { entityRef: 'component:default/checkout-api' },
      },
    ],
    action: async ({ input, credentials }) => {
      const answer = await deps.cardData.onCall(
        entityParamsOf(input.entityRef),
        credentials,
      );
      return {
        output: {
          oncall: answer.policies.flatMap(policy =>
            policy.levels.flatMap(level =>
              level.oncalls.map(entry => ({
                escalationPolicy: policy.escalationPolicy.name,
                level: level.level,
                name: entry.user.name,
                ...(entry.user.email ? { email: entry.user.email } : {}),
                ...(entry.schedule ? { schedule: entry.schedule.name } : {}),
                ...(entry.until ? { until: entry.until } : {}),
                ...(entry.from ? { from: entry.from } : {}),
              })),
            ),
          ),
          errors: answer.errors.map(e => e.message),
        },
      };
    },
  });

  registry.register({
    name: 'list-open-incidents',
    title: "List an entity's open incidents",
    description:
      "Lists the open (triggered and acknowledged) PagerDuty incidents of a catalog entity's services, newest first.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object({ entityRef: entityRef(z) }),
      output: z =>
        z.object({
          incidents: z.array(incidentShape(z)),
          errors: z.array(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      const answer = await deps.cardData.incidents(
        entityParamsOf(input.entityRef),
        credentials,
      );
      return {
        output: {
          incidents: answer.incidents.map(incidentOut),
          errors: answer.errors.map(e => e.message),
        },
      };
    },
  });

  registry.register({
    name: 'get-incident',
    title: 'Get an incident with its notes',
    description:
      "One PagerDuty incident of a catalog entity's services, with its notes (oldest first). An incident of another service is not found.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({ entityRef: entityRef(z), incidentId: incidentId(z) }),
      output: z =>
        z.object({
          incident: incidentShape(z),
          notes: z.array(
            z.object({
              id: z.string(),
              content: z.string(),
              createdAt: z.string(),
              user: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const answer = await deps.incidents.details(
        entityParamsOf(input.entityRef),
        input.incidentId,
        credentials,
      );
      return {
        output: { incident: incidentOut(answer.incident), notes: answer.notes },
      };
    },
  });

  registry.register({
    name: 'trigger-incident',
    title: 'Page the on-call of an entity',
    description:
      "Triggers a PagerDuty incident on a catalog entity's service: whoever is on call is paged. Needs the pagerduty.incident.trigger permission on the entity. The same dedupKey again adds to the same open incident. Answers when the trigger is queued; it is delivered within seconds.",
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRef(z),
          summary: z.string().min(1).max(1024).describe('What is wrong'),
          severity: z
            .enum(PAGERDUTY_SEVERITIES)
            .describe('critical and error page with high urgency'),
          details: z.record(z.unknown()).optional(),
          dedupKey: z.string().max(255).optional(),
        }),
      output: z =>
        z.object({
          triggerId: z.string(),
          dedupKey: z.string(),
          status: z.string(),
        }),
    },
    examples: [
      {
        title: 'Page the owners of checkout-api',
        input: {
          entityRef: 'component:default/checkout-api',
          summary: 'Checkout error rate above 5% since 14:02 UTC',
          severity: 'critical',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const { entityRef: ref, ...body } = input;
      const request = parseWith(
        triggerIncidentRequestSchema,
        { ...body, client: 'Backstage actions' },
        'trigger request',
      );
      const accepted = await audited(
        'incident-trigger',
        credentials,
        { entity: ref },
        () => deps.triggers.trigger(entityParamsOf(ref), request, credentials),
      );
      return {
        output: {
          triggerId: accepted.id,
          dedupKey: accepted.dedupKey,
          status: accepted.status,
        },
      };
    },
  });

  for (const action of ['acknowledge', 'resolve'] as const) {
    registry.register({
      name: `${action}-incident`,
      title: `${
        action === 'acknowledge' ? 'Acknowledge' : 'Resolve'
      } an incident`,
      description: `${
        action === 'acknowledge'
          ? 'Acknowledges a PagerDuty incident (stops its escalation)'
          : 'Resolves a PagerDuty incident'
      } of a catalog entity's services, as the caller. Needs the pagerduty.incident.manage permission on the entity; a resolved incident cannot be ${action}d again.`,
      attributes: {
        readOnly: false,
        idempotent: true,
        destructive: action === 'resolve',
      },
      schema: {
        input: z =>
          z.object({ entityRef: entityRef(z), incidentId: incidentId(z) }),
        output: z => z.object({ incident: incidentShape(z) }),
      },
      action: async ({ input, credentials }) => {
        const result = await audited(
          `incident-${action}`,
          credentials,
          { entity: input.entityRef, incidentId: input.incidentId, action },
          () =>
            deps.incidents.act(
              entityParamsOf(input.entityRef),
              input.incidentId,
              { action },
              credentials,
            ),
        );
        return { output: { incident: incidentOut(result.incident) } };
      },
    });
  }

  registry.register({
    name: 'add-incident-note',
    title: 'Add a note to an incident',
    description:
      "Adds a note to a PagerDuty incident of a catalog entity's services, as the caller. Needs the pagerduty.incident.manage permission on the entity.",
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRef(z),
          incidentId: incidentId(z),
          content: z.string().min(1).max(25000),
        }),
      output: z => z.object({ noteId: z.string(), incident: incidentShape(z) }),
    },
    action: async ({ input, credentials }) => {
      const note = parseWith(
        addIncidentNoteRequestSchema,
        { content: input.content },
        'note',
      );
      const result = await audited(
        'incident-note',
        credentials,
        { entity: input.entityRef, incidentId: input.incidentId },
        () =>
          deps.incidents.act(
            entityParamsOf(input.entityRef),
            input.incidentId,
            { action: 'note', note },
            credentials,
          ),
      );
      return {
        output: {
          noteId: result.note?.id ?? '',
          incident: incidentOut(result.incident),
        },
      };
    },
  });

  registry.register({
    name: 'send-change-event',
    title: 'Record a change event (a deploy)',
    description:
      "Sends a PagerDuty change event, such as a deploy, for a catalog entity's services; responders see it next to incidents. Needs the pagerduty.incident.trigger permission on the entity.",
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRef(z),
          summary: z.string().min(1).max(1024),
          timestamp: z.string().optional().describe('ISO 8601; default now'),
          source: z.string().max(255).optional(),
          details: z.record(z.unknown()).optional(),
          links: z
            .array(z.object({ href: z.string(), text: z.string().optional() }))
            .max(50)
            .optional(),
        }),
      output: z => z.object({ ids: z.array(z.string()) }),
    },
    examples: [
      {
        title: 'Record a deploy of checkout-api',
        input: {
          entityRef: 'component:default/checkout-api',
          summary: 'Deployed checkout-api 1.4.2',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const { entityRef: ref, ...body } = input;
      const request = parseWith(changeEventRequestSchema, body, 'change event');
      const accepted = await audited(
        'change-event',
        credentials,
        { entity: ref },
        () =>
          deps.outboxEvents.changeEvent(
            entityParamsOf(ref),
            request,
            credentials,
          ),
      );
      return { output: { ids: accepted.ids } };
    },
  });
}
