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
  pagerDutyMappingManagePermission,
} from '@backstage-pagerduty/plugin-pagerduty-common';

/** The one group that may change the PagerDuty mapping in the demo. */
const MAPPING_ADMINS = 'group:default/platform-team';

/**
 * Demo policy: everything is allowed, except that the PagerDuty write permissions are denied
 * to the user `user:default/readonly`, to show how the card looks without them, and that only
 * members of platform-team may change the PagerDuty service mapping. A real policy would allow
 * the incident permissions to the entity's owners with the catalog's isEntityOwner rule.
 */
class DemoPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(request.permission, pagerDutyMappingManagePermission)) {
      const member =
        user?.info.ownershipEntityRefs?.includes(MAPPING_ADMINS) ?? false;
      return {
        result: member ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
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
