import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { EntityParams, EntityResolver, ResolvedEntity } from './EntityResolver';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  pagerDutyIncidentManagePermission,
  pagerDutyIncidentTriggerPermission,
} from '@backstage-pagerduty/plugin-pagerduty-common';

const WHAT: Record<string, string> = {
  [pagerDutyIncidentTriggerPermission.name]: 'trigger PagerDuty incidents',
  [pagerDutyIncidentManagePermission.name]: 'manage PagerDuty incidents',
};

/** Checks a permission on an entity; a DENY is a 403 and nothing further happens. */
export async function authorizeOnEntity(
  permissions: PermissionsService,
  permission:
    | typeof pagerDutyIncidentTriggerPermission
    | typeof pagerDutyIncidentManagePermission,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You are not allowed to ${
        WHAT[permission.name] ?? permission.name
      } for ${entityRef} (permission ${permission.name})`,
    );
  }
}

/**
 * The entity of a write, read with the caller's credentials (never from the per-user read
 * cache), and the permission for the write checked on it.
 */
export async function resolveForWrite(
  deps: { resolver: EntityResolver; permissions: PermissionsService },
  params: EntityParams,
  credentials: BackstageCredentials,
  permission:
    | typeof pagerDutyIncidentTriggerPermission
    | typeof pagerDutyIncidentManagePermission,
): Promise<ResolvedEntity> {
  const resolved = await deps.resolver.resolve(params, credentials);
  await authorizeOnEntity(
    deps.permissions,
    permission,
    resolved.entityRef,
    credentials,
  );
  return resolved;
}
