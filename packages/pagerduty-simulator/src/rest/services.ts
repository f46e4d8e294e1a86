import {
  ErrorCodes,
  accessDenied,
  invalidInput,
  notFound,
} from '../server/errors';
import { parsePage, paginate } from '../server/pagination';
import { arrayParam, dateParam } from '../server/query';
import { Request, Response, Router } from '../server/router';
import { includes, ok } from './common';

const SERVICE_INCLUDES = [
  'escalation_policies',
  'teams',
  'integrations',
  'auto_pause_notifications_parameters',
];

function listServices(req: Request): Response {
  const { state, serializer } = req.sim;
  const page = parsePage(req.query);
  const include = includes(req, SERVICE_INCLUDES);
  const query = req.query.get('query')?.trim().toLowerCase();
  const name = req.query.get('name');
  const teamIds = arrayParam(req.query, 'team_ids');
  const sortBy = req.query.get('sort_by') ?? 'name';
  if (!['name', 'name:asc', 'name:desc'].includes(sortBy))
    throw invalidInput('sort_by has an invalid value');
  let services = [...state.services.values()].filter(s => {
    if (teamIds.length && !s.teamIds.some(t => teamIds.includes(t)))
      return false;
    if (name !== null && s.name !== name) return false;
    if (query) {
      // Name substring, or (undocumented, as PagerDuty's own tools use it) an exact integration key.
      const byName = s.name.toLowerCase().includes(query);
      const byKey = s.integrations.some(
        i => i.integrationKey?.toLowerCase() === query,
      );
      if (!byName && !byKey) return false;
    }
    return true;
  });
  services = services.sort((a, b) => a.name.localeCompare(b.name));
  if (sortBy === 'name:desc') services.reverse();
  return ok(
    paginate('services', services, page, s => serializer.service(s, include)),
  );
}

function getService(req: Request): Response {
  const { state, serializer } = req.sim;
  const include = includes(req, SERVICE_INCLUDES);
  const s = state.services.get(req.params.id);
  if (!s) throw notFound(ErrorCodes.serviceNotFound, 'Service Not Found');
  return ok({ service: serializer.service(s, include) });
}

function getIntegration(req: Request): Response {
  const { state, serializer } = req.sim;
  const s = state.services.get(req.params.id);
  if (!s) throw notFound(ErrorCodes.serviceNotFound, 'Service Not Found');
  const i = s.integrations.find(x => x.id === req.params.integration_id);
  if (!i) throw notFound(ErrorCodes.notFound, 'Not Found');
  return ok({ integration: serializer.integration(i) });
}

function serviceChangeEvents(req: Request): Response {
  const { state, serializer, faults } = req.sim;
  const s = state.services.get(req.params.id);
  if (!s) throw notFound(ErrorCodes.serviceNotFound, 'Service Not Found');
  if (faults.isChangeEventsDenied(s.id)) {
    throw accessDenied(
      'The account does not have the ability to use change events',
    );
  }
  const page = parsePage(req.query);
  const since = dateParam(req.query, 'since');
  const until = dateParam(req.query, 'until');
  const integrationIds = arrayParam(req.query, 'integration_ids');
  const events = [...state.changeEvents.values()]
    .filter(c => c.serviceIds.includes(s.id))
    .filter(c => since === undefined || Date.parse(c.timestamp) >= since)
    .filter(c => until === undefined || Date.parse(c.timestamp) < until)
    .filter(
      c =>
        !integrationIds.length ||
        (c.integrationId && integrationIds.includes(c.integrationId)),
    )
    .sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  return ok(
    paginate('change_events', events, page, c => serializer.changeEvent(c)),
  );
}

function listChangeEvents(req: Request): Response {
  const { state, serializer, faults } = req.sim;
  const page = parsePage(req.query);
  const since = dateParam(req.query, 'since');
  const until = dateParam(req.query, 'until');
  const teamIds = arrayParam(req.query, 'team_ids');
  const events = [...state.changeEvents.values()]
    .filter(c => !c.serviceIds.some(id => faults.isChangeEventsDenied(id)))
    .filter(c => since === undefined || Date.parse(c.timestamp) >= since)
    .filter(c => until === undefined || Date.parse(c.timestamp) < until)
    .filter(
      c =>
        !teamIds.length ||
        c.serviceIds.some(id =>
          state.services.get(id)?.teamIds.some(t => teamIds.includes(t)),
        ),
    )
    .sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  return ok(
    paginate('change_events', events, page, c => serializer.changeEvent(c)),
  );
}

function getChangeEvent(req: Request): Response {
  const { state, serializer, faults } = req.sim;
  const c = state.changeEvents.get(req.params.id);
  if (!c) throw notFound();
  if (c.serviceIds.some(id => faults.isChangeEventsDenied(id)))
    throw accessDenied();
  return ok({ change_event: serializer.changeEvent(c) });
}

export function registerServiceRoutes(r: Router): void {
  r.add('rest', 'GET', '/services', listServices);
  r.add('rest', 'GET', '/services/{id}', getService);
  r.add(
    'rest',
    'GET',
    '/services/{id}/integrations/{integration_id}',
    getIntegration,
  );
  r.add('rest', 'GET', '/services/{id}/change_events', serviceChangeEvents);
  r.add('rest', 'GET', '/change_events', listChangeEvents);
  r.add('rest', 'GET', '/change_events/{id}', getChangeEvent);
}
