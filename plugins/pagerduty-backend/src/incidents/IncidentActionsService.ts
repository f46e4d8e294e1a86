import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  PagerDutyIncident,
  addIncidentNoteRequestSchema,
  pagerDutyIncidentManagePermission,
  reassignIncidentRequestSchema,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyAccountClient,
  PagerDutyApiError,
  PdIncident,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { toRouteError } from '../errors/errors';
import { EntityParams, EntityResolver } from '../services/EntityResolver';
import { toIncident } from '../services/mappers';
import { authorizeOnEntity, parseBody } from '../triggers/TriggerService';
import { FromEmailResolver } from './FromEmailResolver';

/** The writes on an existing incident. */
export type IncidentAction = 'acknowledge' | 'resolve' | 'reassign' | 'note';

/** Result of a write, with what the caller needs for cache invalidation and signals. */
export interface IncidentActionResult {
  incident: PagerDutyIncident;
  note?: { id: string; content: string; createdAt: string };
  account: string;
  serviceId: string;
  entityRef: string;
  client: PagerDutyAccountClient;
}

const INCIDENT_ID = /^[A-Za-z0-9]{1,64}$/;

/** PagerDuty's answer to a write, as a clear 4xx where it is the caller's to fix. */
function writeError(error: unknown, incidentId: string): unknown {
  if (error instanceof PagerDutyApiError) {
    const text = [error.message, ...error.details].join(' ');
    if (error.kind === 'not-found') {
      return new NotFoundError(`PagerDuty has no incident ${incidentId}`);
    }
    if (error.kind === 'invalid-request') {
      const detail = error.details.length
        ? error.details.join('; ')
        : error.message;
      if (/already|resolved|cannot|can't|not allowed/i.test(text)) {
        return new ConflictError(
          `PagerDuty refused the change to incident ${incidentId}: ${detail}`,
        );
      }
      return new InputError(
        `PagerDuty rejected the change to incident ${incidentId}: ${detail}`,
      );
    }
  }
  return toRouteError(error);
}

/**
 * Acknowledge, resolve, reassign and annotate the incidents of an entity's services, as the
 * signed-in user (`From:` is their catalog email).
 */
export class IncidentActionsService {
  constructor(
    private readonly deps: {
      resolver: EntityResolver;
      permissions: PermissionsService;
      fromEmail: FromEmailResolver;
    },
  ) {}

  async act(
    params: EntityParams,
    incidentId: string,
    action: IncidentAction,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<IncidentActionResult> {
    if (!INCIDENT_ID.test(incidentId)) {
      throw new InputError(`Invalid incident id "${incidentId}" in the path`);
    }
    const reassign =
      action === 'reassign'
        ? parseBody(reassignIncidentRequestSchema, body, 'reassign request')
        : undefined;
    const note =
      action === 'note'
        ? parseBody(addIncidentNoteRequestSchema, body, 'note')
        : undefined;

    const resolved = await this.deps.resolver.resolve(params, credentials);
    await authorizeOnEntity(
      this.deps.permissions,
      pagerDutyIncidentManagePermission,
      resolved.entityRef,
      credentials,
    );
    const actor = await this.deps.fromEmail.requireEmail(credentials);
    const { client } = resolved;

    // The entity's services: the incident must belong to one of them.
    const services = await this.deps.resolver.services(resolved);
    const serviceIds = services.flatMap(s => (s.ok ? [s.serviceId] : []));
    if (serviceIds.length === 0) {
      const failed = services.find(s => !s.ok);
      throw toRouteError(failed && !failed.ok ? failed.error : undefined, {
        serviceId: failed?.serviceId,
      });
    }

    let current: PdIncident;
    try {
      current = await client.getIncident(incidentId);
    } catch (error) {
      throw writeError(error, incidentId);
    }
    if (!serviceIds.includes(current.service.id)) {
      throw new NotFoundError(
        `Incident ${incidentId} does not belong to the PagerDuty services of ${
          resolved.entityRef
        } (${serviceIds.join(', ')})`,
      );
    }

    // PagerDuty answers a repeated resolve with a silent no-op, and an acknowledge of a resolved
    // incident reopens it: neither is what someone clicking in Backstage means.
    if (current.status === 'resolved' && action !== 'note') {
      throw new ConflictError(
        `Incident ${incidentId} is already resolved; it cannot be ${
          action === 'reassign' ? 'reassigned' : `${action}d`
        }`,
      );
    }

    let updated: PdIncident = current;
    let created: IncidentActionResult['note'];
    try {
      if (action === 'acknowledge' || action === 'resolve') {
        updated = await client.updateIncident(
          incidentId,
          { status: action === 'acknowledge' ? 'acknowledged' : 'resolved' },
          actor.email,
        );
      } else if (reassign) {
        updated = await client.updateIncident(
          incidentId,
          reassign.userId
            ? { assigneeUserId: reassign.userId }
            : { escalationPolicyId: reassign.escalationPolicyId! },
          actor.email,
        );
      } else if (note) {
        const pdNote = await client.addNote(
          incidentId,
          note.content,
          actor.email,
        );
        created = {
          id: pdNote.id,
          content: pdNote.content,
          createdAt: pdNote.created_at,
        };
      }
    } catch (error) {
      throw writeError(error, incidentId);
    }

    return {
      incident: toIncident(updated),
      ...(created ? { note: created } : {}),
      account: client.account.id,
      serviceId: current.service.id,
      entityRef: resolved.entityRef,
      client,
    };
  }
}
