import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
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
