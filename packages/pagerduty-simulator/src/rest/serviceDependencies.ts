import { ErrorCodes, invalidInput, notFound } from '../server/errors';
import { Request, Response, Router } from '../server/router';
import { ServiceDependencyRecord } from '../state/model';
import { jsonBody, ok } from './common';

/*
 * Service dependencies between technical services (business services are not simulated):
 * GET /service_dependencies/technical_services/{id}, POST .../associate and .../disassociate.
 */

function serialize(d: ServiceDependencyRecord) {
  return {
    id: d.id,
    type: 'service_dependency',
    supporting_service: {
      id: d.supportingId,
      type: 'technical_service_reference',
    },
    dependent_service: {
      id: d.dependentId,
      type: 'technical_service_reference',
    },
  };
}

/** Validates `relationships` of an associate/disassociate body; 400 naming the bad item. */
function relationships(
  req: Request,
): Array<{ supportingId: string; dependentId: string }> {
  const body = jsonBody(req);
  if (!Array.isArray(body.relationships) || body.relationships.length === 0) {
    throw invalidInput('relationships must be a non-empty array');
  }
  return body.relationships.map((r: any, i: number) => {
    const supportingId = r?.supporting_service?.id;
    const dependentId = r?.dependent_service?.id;
    if (typeof supportingId !== 'string' || typeof dependentId !== 'string') {
      throw invalidInput(
        `relationships[${i}] needs supporting_service.id and dependent_service.id`,
      );
    }
    for (const [side, type] of [
      ['supporting_service', r.supporting_service.type],
      ['dependent_service', r.dependent_service.type],
    ]) {
      if (
        type !== undefined &&
        type !== 'service' &&
        type !== 'technical_service_reference'
      ) {
        throw invalidInput(
          `relationships[${i}].${side}.type ${JSON.stringify(
            type,
          )} is not supported (business services are not simulated)`,
        );
      }
    }
    for (const id of [supportingId, dependentId]) {
      if (!req.sim.state.services.has(id))
        throw notFound(ErrorCodes.serviceNotFound, 'Service Not Found');
    }
    if (supportingId === dependentId)
      throw invalidInput(
        `relationships[${i}]: a service cannot depend on itself`,
      );
    return { supportingId, dependentId };
  });
}

function find(req: Request, supportingId: string, dependentId: string) {
  return [...req.sim.state.serviceDependencies.values()].find(
    d => d.supportingId === supportingId && d.dependentId === dependentId,
  );
}

function listForService(req: Request): Response {
  const { state } = req.sim;
  const id = req.params.id;
  if (!state.services.has(id))
    throw notFound(ErrorCodes.serviceNotFound, 'Service Not Found');
  const list = [...state.serviceDependencies.values()]
    .filter(d => d.supportingId === id || d.dependentId === id)
    .map(serialize);
  return ok({ relationships: list });
}

function associate(req: Request): Response {
  const { state } = req.sim;
  const created = relationships(req).map(r => {
    const existing = find(req, r.supportingId, r.dependentId);
    if (existing) return existing;
    const record = { id: state.rng.longId('D'), ...r };
    state.serviceDependencies.set(record.id, record);
    return record;
  });
  return ok({ relationships: created.map(serialize) });
}

function disassociate(req: Request): Response {
  const { state } = req.sim;
  const removed = relationships(req).flatMap(r => {
    const existing = find(req, r.supportingId, r.dependentId);
    if (!existing) return [];
    state.serviceDependencies.delete(existing.id);
    return [existing];
  });
  return ok({ relationships: removed.map(serialize) });
}

export function registerServiceDependencyRoutes(r: Router): void {
  r.add(
    'rest',
    'GET',
    '/service_dependencies/technical_services/{id}',
    listForService,
  );
  r.add('rest', 'POST', '/service_dependencies/associate', associate);
  r.add('rest', 'POST', '/service_dependencies/disassociate', disassociate);
}
