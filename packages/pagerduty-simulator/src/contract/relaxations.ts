/*
 * THE list of places where the contract test (contract.test.ts) relaxes PagerDuty's published
 * OpenAPI documents. Every entry says why. Nothing else in the test bends the specification.
 */

export type Relaxation =
  | {
      /** Replace every `oneOf` with `anyOf` in the document. */
      kind: 'oneOfAsAnyOf';
      spec: 'rest';
      reason: string;
    }
  | {
      /** Allow `null` for a property of a component schema. */
      kind: 'nullable';
      spec: 'rest';
      /** "Schema.property" */
      target: string;
      reason: string;
    }
  | {
      /**
       * With `include[]`, PagerDuty returns full objects where the schema only allows references
       * (docs/rest-api/13-Includes.md): allow the full schema too (for arrays: their items).
       */
      kind: 'includeExpands';
      spec: 'rest';
      /** "Schema.property" */
      target: string;
      /** Component schema of the full object. */
      full: string;
      reason: string;
    }
  | {
      /** Replace the enum of a property that contradicts the rest of the document. */
      kind: 'enum';
      spec: 'rest';
      target: string;
      values: string[];
      reason: string;
    }
  | {
      /** Replace the schema of a property whose declared schema contradicts the document's examples. */
      kind: 'propertySchema';
      spec: 'rest';
      /** "Schema.property" */
      target: string;
      schema: Record<string, unknown>;
      reason: string;
    }
  | {
      /**
       * A status the simulator answers for an operation where the spec declares no schema for it
       * (or no such status at all): validate against `schema` (a JSON pointer in the same document).
       */
      kind: 'statusSchema';
      spec: 'rest' | 'events';
      /** "METHOD /path-template STATUS" */
      target: string;
      schema: string;
      reason: string;
    }
  | {
      /** A non-standard `format` of the document, checked by the given rule. */
      kind: 'format';
      spec: 'rest' | 'events';
      target: string;
      reason: string;
    };

const GENERIC_ERROR =
  '#/components/responses/Conflict/content/application~1json/schema';
const EVENTS_ERROR =
  '#/components/responses/Error/content/application~1json/schema';

const INCLUDES_REASON =
  'The schema types this relation as a reference only; with include[] PagerDuty returns the full ' +
  'object instead (docs/rest-api/13-Includes.md), which the document does not model.';

const includeExpands = (target: string, full: string): Relaxation => ({
  kind: 'includeExpands',
  spec: 'rest',
  target,
  full,
  reason: INCLUDES_REASON,
});

export const RELAXATIONS: Relaxation[] = [
  {
    kind: 'oneOfAsAnyOf',
    spec: 'rest',
    reason:
      'The REST document uses oneOf for unions whose branches overlap (e.g. LogEntry.channel has five ' +
      'object branches without required properties, so any channel matches several and oneOf can never ' +
      'pass). anyOf expresses what the document means.',
  },
  {
    kind: 'nullable',
    spec: 'rest',
    target: 'Incident.priority',
    reason:
      'PagerDuty returns "priority": null for incidents without a priority; the schema is not nullable.',
  },
  {
    kind: 'nullable',
    spec: 'rest',
    target: 'Incident.resolve_reason',
    reason:
      'PagerDuty returns "resolve_reason": null unless the incident was merged.',
  },
  {
    kind: 'nullable',
    spec: 'rest',
    target: 'Incident.resolved_at',
    reason: 'PagerDuty returns "resolved_at": null for open incidents.',
  },
  {
    kind: 'nullable',
    spec: 'rest',
    target: 'Incident.conference_bridge',
    reason: 'PagerDuty returns "conference_bridge": null when none is set.',
  },
  {
    kind: 'nullable',
    spec: 'rest',
    target: 'Service.support_hours',
    reason:
      'PagerDuty returns "support_hours": null for services without support hours.',
  },
  {
    kind: 'nullable',
    spec: 'rest',
    target: 'Oncall.schedule',
    reason:
      'For users targeted directly by an escalation rule PagerDuty returns "schedule": null.',
  },
  {
    kind: 'nullable',
    spec: 'rest',
    target: 'Oncall.start',
    reason:
      'For users targeted directly by an escalation rule (always on call) "start" is null.',
  },
  {
    kind: 'nullable',
    spec: 'rest',
    target: 'Oncall.end',
    reason:
      'For users targeted directly by an escalation rule (always on call) "end" is null.',
  },
  includeExpands('Service.escalation_policy', 'EscalationPolicy'),
  includeExpands('Service.teams', 'Team'),
  includeExpands('Service.integrations', 'Integration'),
  includeExpands('EscalationPolicy.services', 'Service'),
  includeExpands('EscalationPolicy.teams', 'Team'),
  includeExpands('EscalationRule.targets', 'User'),
  includeExpands('EscalationRule.targets', 'Schedule'),
  includeExpands('Oncall.escalation_policy', 'EscalationPolicy'),
  includeExpands('Oncall.user', 'User'),
  includeExpands('Oncall.schedule', 'Schedule'),
  includeExpands('User.teams', 'Team'),
  includeExpands('User.contact_methods', 'ContactMethod'),
  includeExpands('LogEntry.service', 'Service'),
  includeExpands('LogEntry.incident', 'Incident'),
  includeExpands('LogEntry.teams', 'Team'),
  {
    kind: 'propertySchema',
    spec: 'rest',
    target: 'ServiceCustomFieldsFieldValueReadModel.value',
    schema: {
      anyOf: [
        { type: 'null' },
        { type: 'boolean' },
        { type: 'number' },
        { type: 'string', maxLength: 200 },
        {
          type: 'array',
          items: { type: 'string', maxLength: 200 },
          maxItems: 10,
        },
      ],
    },
    reason:
      'Each branch of the value is declared as an object wrapping it ({"value": …}), so no value could ' +
      'validate; the examples of GET and PUT /services/{id}/custom_fields/values (and PagerDuty) give the ' +
      'value itself ("production", ["production", "staging"]).',
  },
  {
    kind: 'enum',
    spec: 'rest',
    target: 'AcknowledgeLogEntry.type',
    values: ['acknowledge_log_entry'],
    reason:
      'AcknowledgeLogEntry narrows type to "acknowledgement_log_entry", which LogEntry.type (allOf) does not ' +
      'allow, so no acknowledge entry could ever validate; PagerDuty sends "acknowledge_log_entry".',
  },
  {
    kind: 'statusSchema',
    spec: 'rest',
    target: 'PUT /incidents/{id} 400',
    schema: GENERIC_ERROR,
    reason:
      'The spec lists no 400 for PUT /incidents/{id}, yet PagerDuty answers 400 without a From header ' +
      '(and for invalid input) with the generic error body.',
  },
  {
    kind: 'statusSchema',
    spec: 'rest',
    target: 'GET /services 429',
    schema: GENERIC_ERROR,
    reason:
      'Every REST operation can be rate limited (docs: REST API Rate Limits), but only some operations ' +
      'declare 429; the body is the generic error (code 2020).',
  },
  {
    kind: 'statusSchema',
    spec: 'rest',
    target: 'POST /webhook_subscriptions 400',
    schema: GENERIC_ERROR,
    reason:
      'The spec declares WebhookBadRequest without a body schema; PagerDuty sends the generic error body.',
  },
  {
    kind: 'statusSchema',
    spec: 'rest',
    target: 'GET /webhook_subscriptions 401',
    schema: GENERIC_ERROR,
    reason:
      'The spec declares WebhookUnauthorized without a body schema; PagerDuty sends the generic error body.',
  },
  {
    kind: 'statusSchema',
    spec: 'rest',
    target: 'POST /analytics/metrics/incidents/services 402',
    schema: GENERIC_ERROR,
    reason:
      'The analytics API needs a plan with analytics; for an account without it PagerDuty answers 402 ' +
      '(code 2014, as GET /abilities/{id} documents for a missing ability), which the operation does not list.',
  },
  {
    kind: 'statusSchema',
    spec: 'rest',
    target: 'GET /standards/scores/{resource_type}/{id} 404',
    schema: GENERIC_ERROR,
    reason:
      'The operation lists no 404, yet an unknown service id is answered 404 with the generic error body.',
  },
  {
    kind: 'statusSchema',
    spec: 'events',
    target: 'POST /v2/enqueue 400',
    schema: EVENTS_ERROR,
    reason:
      'The events document puts "#/components/responses/ArgumentError" in the description of 400 instead ' +
      'of a $ref (and that response does not exist); the documented body is the Error response.',
  },
  {
    kind: 'statusSchema',
    spec: 'events',
    target: 'POST /v2/enqueue 429',
    schema: EVENTS_ERROR,
    reason:
      'Same defect as 400: 429 has only a description; the body is the Error response.',
  },
  {
    kind: 'statusSchema',
    spec: 'events',
    target: 'POST /v2/change/enqueue 400',
    schema: EVENTS_ERROR,
    reason: 'Same defect as POST /v2/enqueue 400.',
  },
  {
    kind: 'format',
    spec: 'rest',
    target: 'tzinfo, activesupport-time-zone',
    reason:
      'Non-standard formats; checked as IANA time zone names (what PagerDuty returns).',
  },
  {
    kind: 'format',
    spec: 'rest',
    target: 'partial-time',
    reason: 'Non-standard format; checked as HH:MM:SS.',
  },
  {
    kind: 'format',
    spec: 'rest',
    target: 'url',
    reason:
      "ajv-formats' url pattern rejects loopback and private hosts (127.0.0.1, localhost), which the " +
      "simulator's self/html_url necessarily use; checked with the WHATWG URL parser (http/https).",
  },
  {
    kind: 'format',
    spec: 'rest',
    target: 'TEXTAREA',
    reason: 'A UI hint used as a format; any string is accepted.',
  },
];
