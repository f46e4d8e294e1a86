import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  AddIncidentNoteRequest,
  PagerDutyIncident,
  ReassignIncidentRequest,
  pagerDutyIncidentManagePermission,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyAccountClient,
  PagerDutyApiError,
  PdIncident,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { toRouteError } from '../errors/toRouteError';
import { resolveForWrite } from './authorize';
import { EntityParams, EntityResolver, ResolvedEntity } from './EntityResolver';
import { FromEmailResolver } from './FromEmailResolver';
import { LiveUpdates } from './LiveUpdates';
import { toIncident } from './mappers';

/** The writes on an existing incident, with their validated input. */
export type IncidentActionRequest =
  | { action: 'acknowledge' }
  | { action: 'resolve' }
  | { action: 'reassign'; reassign: ReassignIncidentRequest }
  | { action: 'note'; note: AddIncidentNoteRequest };

/** The name of a write on an existing incident. */
export type IncidentAction = IncidentActionRequest['action'];

/** PagerDuty's webhook event type that matches each action (for the live update). */
const EVENT_TYPES: Record<IncidentAction, string> = {
  acknowledge: 'incident.acknowledged',
  resolve: 'incident.resolved',
  reassign: 'incident.reassigned',
  note: 'incident.annotated',
};

/** Result of a write, with what the caller needs for cache invalidation and signals. */
export interface IncidentActionResult {
  incident: PagerDutyIncident;
  note?: { id: string; content: string; createdAt: string };
  account: string;
  serviceId: string;
  entityRef: string;
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
      liveUpdates: LiveUpdates;
      logger: LoggerService;
    },
  ) {}

  /**
   * An incident of one of the entity's services, with its notes, for whoever can see the entity
   * (no PagerDuty permission needed to read).
   */
  async details(
    params: EntityParams,
    incidentId: string,
    credentials: BackstageCredentials,
  ): Promise<{
    incident: PagerDutyIncident;
    notes: Array<{
      id: string;
      content: string;
      createdAt: string;
      user?: string;
    }>;
    entityRef: string;
  }> {
    const resolved = await this.deps.resolver.resolve(params, credentials);
    const incident = await this.incidentOfEntity(resolved, incidentId);
    let notes;
    try {
      notes = await resolved.client.listNotes(incidentId);
    } catch (error) {
      throw toRouteError(error, { incidentId });
    }
    return {
      incident: toIncident(incident),
      notes: notes.map(n => ({
        id: n.id,
        content: n.content,
        createdAt: n.created_at,
        ...(n.user?.summary ? { user: n.user.summary } : {}),
      })),
      entityRef: resolved.entityRef,
    };
  }

  /** The incident, if it belongs to one of the entity's services; 404 otherwise. */
  private async incidentOfEntity(
    resolved: ResolvedEntity,
    incidentId: string,
  ): Promise<PdIncident> {
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

    // An incident of another service answers exactly like one that does not exist: the
    // route must not tell which incident ids exist elsewhere in the account.
    const notFound = new NotFoundError(
      `PagerDuty has no incident ${incidentId} on the services of ${resolved.entityRef}`,
    );
    let current: PdIncident;
    try {
      current = await client.getIncident(incidentId);
    } catch (error) {
      if (error instanceof PagerDutyApiError && error.kind === 'not-found') {
        throw notFound;
      }
      throw toRouteError(error, { incidentId });
    }
    if (!serviceIds.includes(current.service.id)) throw notFound;
    return current;
  }

  async act(
    params: EntityParams,
    incidentId: string,
    request: IncidentActionRequest,
    credentials: BackstageCredentials,
  ): Promise<IncidentActionResult> {
    const { action } = request;
    const reassign =
      request.action === 'reassign' ? request.reassign : undefined;
    const note = request.action === 'note' ? request.note : undefined;

    const resolved = await resolveForWrite(
      this.deps,
      params,
      credentials,
      pagerDutyIncidentManagePermission,
    );
    const actor = await this.deps.fromEmail.requireEmail(credentials);
    const { client } = resolved;

    const current = await this.incidentOfEntity(resolved, incidentId);

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
        if (
          current.status === 'acknowledged' &&
          updated.status === 'triggered'
        ) {
          updated = await this.reacknowledge(
            client,
            incidentId,
            actor.email,
            updated,
          );
        }
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
      throw toRouteError(error, { incidentId });
    }

    try {
      await this.deps.liveUpdates.announce({
        account: client.account.id,
        serviceId: current.service.id,
        eventType: EVENT_TYPES[action],
        sections: ['incidents', 'services'],
        incidentId: updated.id,
      });
    } catch (error) {
      this.deps.logger.warn(
        `Could not announce the change of service ${current.service.id}: ${error}`,
      );
    }

    return {
      incident: toIncident(updated),
      ...(created ? { note: created } : {}),
      account: client.account.id,
      serviceId: current.service.id,
      entityRef: resolved.entityRef,
    };
  }

  /**
   * PagerDuty turns a reassigned incident back to triggered, paging the new assignee as if
   * nobody were on it. Someone was: acknowledge it again, as the same user. When PagerDuty
   * refuses, the reassignment stands and the incident stays triggered.
   */
  private async reacknowledge(
    client: PagerDutyAccountClient,
    incidentId: string,
    from: string,
    reassigned: PdIncident,
  ): Promise<PdIncident> {
    try {
      return await client.updateIncident(
        incidentId,
        { status: 'acknowledged' },
        from,
      );
    } catch (error) {
      this.deps.logger.info(
        `Incident ${incidentId} was reassigned; PagerDuty did not let it be acknowledged again: ${error}`,
      );
      return reassigned;
    }
  }
}
