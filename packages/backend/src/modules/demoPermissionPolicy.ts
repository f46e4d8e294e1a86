import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  pagerDutyIncidentManagePermission,
  pagerDutyIncidentTriggerPermission,
} from '@backstage-pagerduty/plugin-pagerduty-common';

/**
 * Demo policy: everything is allowed, except that the PagerDuty write permissions are denied
 * to the user `user:default/readonly`, to show how the card looks without them. A real
 * policy would allow them to the entity's owners with the catalog's isEntityOwner rule.
 *
 * Service principals (a pipeline with a static external-access token, a plugin acting as
 * itself) never reach this policy: Backstage decides for them from the token's
 * `accessRestrictions` in app-config (`backend.auth.externalAccess`), where the demo's pipeline
 * token is given exactly pagerduty.incident.trigger and pagerduty.incident.manage. Templates
 * and actions invoked by a signed-in user run with that user's credentials, so this policy
 * applies to them.
 */
class DemoPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const isPagerDutyWrite =
      isPermission(request.permission, pagerDutyIncidentTriggerPermission) ||
      isPermission(request.permission, pagerDutyIncidentManagePermission);
    if (
      isPagerDutyWrite &&
      user?.info.userEntityRef === 'user:default/readonly'
    ) {
      return { result: AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export const demoPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new DemoPermissionPolicy());
      },
    });
  },
});
