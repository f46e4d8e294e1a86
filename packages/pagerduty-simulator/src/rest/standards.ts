import { ErrorCodes, invalidInput, notFound } from '../server/errors';
import { Request, Response, Router } from '../server/router';
import { ServiceRecord } from '../state/model';
import { SimulatorState } from '../state/store';
import { ok } from './common';

interface StandardDefinition {
  id: string;
  name: string;
  type: string;
  description: string;
  check: (service: ServiceRecord, state: SimulatorState) => boolean;
}

/**
 * The account's service standards (PagerDuty's defaults), each checked against the service's
 * current configuration, so a change to a service changes its score.
 */
export const STANDARDS: StandardDefinition[] = [
  {
    id: '01CXX38Q0U8XKHO4LDQFKPUBPD',
    name: 'Service has a description',
    type: 'minimum_service_description_length',
    description:
      'A description of at least 20 characters tells responders what the service does.',
    check: s => s.description.trim().length >= 20,
  },
  {
    id: '01CXX38Q0U8XKHO4LDQFKPUBPE',
    name: 'Escalation policy has more than one level',
    type: 'minimum_escalation_rules',
    description:
      'Someone else is paged when the first responder does not acknowledge.',
    check: (s, state) =>
      (state.escalationPolicies.get(s.escalationPolicyId)?.rules.length ?? 0) >=
      2,
  },
  {
    id: '01CXX38Q0U8XKHO4LDQFKPUBPF',
    name: 'Service is owned by a team',
    type: 'has_team',
    description: 'The service belongs to at least one team.',
    check: s => s.teamIds.length > 0,
  },
  {
    id: '01CXX38Q0U8XKHO4LDQFKPUBPG',
    name: 'Service has an Events API integration',
    type: 'has_integration',
    description: 'Monitoring tools can trigger incidents on the service.',
    check: s =>
      s.integrations.some(i => i.type === 'events_api_v2_inbound_integration'),
  },
  {
    id: '01CXX38Q0U8XKHO4LDQFKPUBPH',
    name: 'Service uses dynamic urgency',
    type: 'has_dynamic_urgency',
    description:
      'Urgency follows the event severity instead of paging for everything.',
    check: s => s.urgencyRule === 'severity_based',
  },
  {
    id: '01CXX38Q0U8XKHO4LDQFKPUBPI',
    name: 'Service auto-resolves stale incidents',
    type: 'has_auto_resolve_timeout',
    description: 'Forgotten incidents are resolved after a timeout.',
    check: s => s.autoResolveTimeout !== null,
  },
  {
    id: '01CXX38Q0U8XKHO4LDQFKPUBPJ',
    name: 'Service is enabled',
    type: 'service_enabled',
    description: 'A disabled service does not create incidents.',
    check: s => s.status !== 'disabled',
  },
];

const RESOURCE_TYPE = 'technical_service';

function standard(d: StandardDefinition) {
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    type: d.type,
    active: true,
    resource_type: RESOURCE_TYPE,
    exclusions: [],
    inclusions: [],
  };
}

/** GET /standards */
function listStandards(req: Request): Response {
  const active = req.query.get('active');
  if (active !== null && !['true', 'false'].includes(active))
    throw invalidInput('active must be true or false');
  const type = req.query.get('resource_type');
  if (type !== null && type !== RESOURCE_TYPE)
    throw invalidInput(`resource_type must be "${RESOURCE_TYPE}"`);
  return ok({
    standards: active === 'false' ? [] : STANDARDS.map(standard),
  });
}

/** GET /standards/scores/technical_services/{id} */
function serviceScores(req: Request): Response {
  if (req.params.resource_type !== 'technical_services')
    throw invalidInput('resource_type must be "technical_services"');
  const { state } = req.sim;
  const service = state.services.get(req.params.id);
  if (!service) throw notFound(ErrorCodes.serviceNotFound, 'Service Not Found');
  const results = STANDARDS.map(d => ({
    id: d.id,
    name: d.name,
    type: d.type,
    active: true,
    pass: d.check(service, state),
  }));
  return ok({
    resource_id: service.id,
    resource_type: RESOURCE_TYPE,
    score: {
      passing: results.filter(r => r.pass).length,
      total: results.length,
    },
    standards: results,
  });
}

export function registerStandardsRoutes(r: Router): void {
  r.add('rest', 'GET', '/standards', listStandards);
  r.add('rest', 'GET', '/standards/scores/{resource_type}/{id}', serviceScores);
}
