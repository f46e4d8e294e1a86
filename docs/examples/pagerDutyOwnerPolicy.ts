/*
 * An example permission policy for the PagerDuty plugins: the owners of an entity may trigger
 * incidents for it and manage (acknowledge, resolve, reassign, annotate) its incidents; nobody
 * else may. Everything else is allowed, as with the allow-all policy of a new Backstage app.
 *
 * Copy it to packages/backend/src/pagerDutyOwnerPolicy.ts, then in packages/backend/src/index.ts
 * replace `@backstage/plugin-permission-backend-module-allow-all-policy` with
 *
 *   backend.add(import('./pagerDutyOwnerPolicy'));
 *
 * It needs `@backstage/plugin-permission-common`, `@backstage/plugin-permission-node` and
 * `@backstage-pagerduty/plugin-pagerduty-common` in packages/backend/package.json. Merge the
 * `if` below into your own policy if you have one. (scripts/adopter-test.js installs this file
 * into a fresh app and type-checks it.)
 */
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
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  pagerDutyIncidentManagePermission,
  pagerDutyIncidentTriggerPermission,
} from '@backstage-pagerduty/plugin-pagerduty-common';

class PagerDutyOwnerPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Both are resource permissions on catalog entities: the decision is a condition that the
    // catalog evaluates against the entity the card is on.
    if (
      isPermission(request.permission, pagerDutyIncidentTriggerPermission) ||
      isPermission(request.permission, pagerDutyIncidentManagePermission)
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'pagerduty-owner-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new PagerDutyOwnerPolicy());
      },
    });
  },
});
