import { ErrorCodes, invalidInput, notFound } from '../server/errors';
import { Request, Response, Router } from '../server/router';
import { IntegrationRecord, ServiceRecord } from '../state/model';
import { jsonBody, ok } from './common';

const ALERT_GROUPING_TYPES = ['time', 'intelligent', 'content_based'];
const INTEGRATION_TYPES: IntegrationRecord['type'][] = [
  'events_api_v2_inbound_integration',
  'generic_events_api_inbound_integration',
  'generic_email_inbound_integration',
];

function optionalTimeout(value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === 0) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw invalidInput(`${field} must be a non-negative integer`);
  return value;
}

/** `POST /services`, with PagerDuty's validation: unique name, existing escalation policy. */
function createService(req: Request): Response {
  const { state, serializer } = req.sim;
  const body = jsonBody(req).service;
  if (!body || typeof body !== 'object')
    throw invalidInput('service is required');
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name) throw invalidInput("Name can't be blank");
  if ([...state.services.values()].some(s => s.name === name))
    throw invalidInput('Name has already been taken');
  const policyId = body.escalation_policy?.id;
  if (typeof policyId !== 'string' || !policyId)
    throw invalidInput('Escalation policy must be specified');
  const policy = state.escalationPolicies.get(policyId);
  if (!policy) throw invalidInput('Escalation policy not found');
  if (body.status !== undefined && body.status !== 'active')
    throw invalidInput('Status must be active when creating a service');
  const grouping = body.alert_grouping_parameters;
  if (
    grouping !== undefined &&
    grouping !== null &&
    !ALERT_GROUPING_TYPES.includes(grouping?.type)
  ) {
    throw invalidInput(
      `alert_grouping_parameters.type must be one of ${ALERT_GROUPING_TYPES.join(
        ', ',
      )}`,
    );
  }
  const urgency = body.incident_urgency_rule?.urgency;
  const service: ServiceRecord = {
    id: state.rng.pdId(),
    name,
    description: typeof body.description === 'string' ? body.description : '',
    status: 'active',
    escalationPolicyId: policy.id,
    teamIds: [...policy.teamIds],
    createdAt: state.nowIso(),
    autoResolveTimeout: optionalTimeout(
      body.auto_resolve_timeout ?? 14400,
      'auto_resolve_timeout',
    ),
    acknowledgementTimeout: optionalTimeout(
      body.acknowledgement_timeout ?? 1800,
      'acknowledgement_timeout',
    ),
    urgencyRule:
      urgency === 'low' || urgency === 'severity_based' ? urgency : 'high',
    integrations: [],
    ...(grouping ? { alertGroupingParameters: grouping } : {}),
  };
  state.services.set(service.id, service);
  state.emitServiceEvent('service.created', service);
  return ok({ service: serializer.service(service) }, 201);
}

/**
 * `PUT /services/{id}`: name, description, status (`active` or `disabled`) and escalation
 * policy, with the same checks as creation. Emits `service.updated` when something changed.
 */
function updateService(req: Request): Response {
  const { state, serializer } = req.sim;
  const service = state.services.get(req.params.id);
  if (!service) throw notFound(ErrorCodes.serviceNotFound, 'Service Not Found');
  const body = jsonBody(req).service;
  if (!body || typeof body !== 'object')
    throw invalidInput('service is required');
  const next = { ...service };
  if (body.name !== undefined) {
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) throw invalidInput("Name can't be blank");
    if (
      [...state.services.values()].some(
        s => s.id !== service.id && s.name === name,
      )
    )
      throw invalidInput('Name has already been taken');
    next.name = name;
  }
  if (body.description !== undefined) {
    if (typeof body.description !== 'string')
      throw invalidInput('description must be a string');
    next.description = body.description;
  }
  if (body.status !== undefined) {
    if (body.status !== 'active' && body.status !== 'disabled')
      throw invalidInput('Status must be active or disabled');
    next.status = body.status;
  }
  if (body.escalation_policy !== undefined) {
    const policy = state.escalationPolicies.get(body.escalation_policy?.id);
    if (!policy) throw invalidInput('Escalation policy not found');
    next.escalationPolicyId = policy.id;
    next.teamIds = [...policy.teamIds];
  }
  const changed = JSON.stringify(next) !== JSON.stringify(service);
  Object.assign(service, next);
  if (changed) state.emitServiceEvent('service.updated', service);
  return ok({ service: serializer.service(service) });
}

/** `DELETE /services/{id}`: 204, and a `service.deleted` webhook. */
function deleteService(req: Request): Response {
  const { state } = req.sim;
  const service = state.services.get(req.params.id);
  if (!service) throw notFound(ErrorCodes.serviceNotFound, 'Service Not Found');
  state.services.delete(service.id);
  state.serviceFieldValues.delete(service.id);
  for (const [id, d] of state.serviceDependencies) {
    if (d.supportingId === service.id || d.dependentId === service.id)
      state.serviceDependencies.delete(id);
  }
  state.emitServiceEvent('service.deleted', service);
  return ok(undefined, 204);
}

/** `POST /services/{id}/integrations`: an Events API v2 (or email) integration. */
function createIntegration(req: Request): Response {
  const { state, serializer } = req.sim;
  const service = state.services.get(req.params.id);
  if (!service) throw notFound(ErrorCodes.serviceNotFound, 'Service Not Found');
  const body = jsonBody(req).integration;
  if (!body || typeof body !== 'object')
    throw invalidInput('integration is required');
  if (!INTEGRATION_TYPES.includes(body.type)) {
    throw invalidInput(
      `type must be one of ${INTEGRATION_TYPES.join(', ')} in this simulator`,
    );
  }
  const type = body.type as IntegrationRecord['type'];
  const integration: IntegrationRecord = {
    id: state.rng.pdId(),
    type,
    name:
      typeof body.name === 'string' && body.name.trim()
        ? body.name.trim()
        : 'Events API v2',
    serviceId: service.id,
    createdAt: state.nowIso(),
    integrationKey:
      type === 'generic_email_inbound_integration' ? null : state.rng.hex32(),
    integrationEmail:
      type === 'generic_email_inbound_integration'
        ? String(body.integration_email ?? `${service.id.toLowerCase()}@pdsim`)
        : null,
  };
  service.integrations.push(integration);
  return ok({ integration: serializer.integration(integration) }, 201);
}

export function registerServiceWriteRoutes(r: Router): void {
  r.add('rest', 'POST', '/services', createService);
  r.add('rest', 'PUT', '/services/{id}', updateService);
  r.add('rest', 'DELETE', '/services/{id}', deleteService);
  r.add('rest', 'POST', '/services/{id}/integrations', createIntegration);
}
