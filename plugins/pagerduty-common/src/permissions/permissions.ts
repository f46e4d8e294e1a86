import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Trigger a PagerDuty incident for a catalog entity. A resource permission on the entity, so a
 * policy can allow it to the entity's owners only (catalog conditional rules such as
 * `isEntityOwner` apply).
 * @public
 */
export const pagerDutyIncidentTriggerPermission = createPermission({
  name: 'pagerduty.incident.trigger',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Acknowledge, resolve, reassign and annotate the PagerDuty incidents of a catalog entity.
 * @public
 */
export const pagerDutyIncidentManagePermission = createPermission({
  name: 'pagerduty.incident.manage',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Change the mapping of PagerDuty services to catalog entities (map, unmap, accept or reject a
 * suggestion) on the PagerDuty admin page. A basic permission: the mapping is account-wide.
 * @public
 */
export const pagerDutyMappingManagePermission = createPermission({
  name: 'pagerduty.mapping.manage',
  attributes: { action: 'update' },
});

/** Every permission of the PagerDuty plugins. @public */
export const pagerDutyPermissions = [
  pagerDutyIncidentTriggerPermission,
  pagerDutyIncidentManagePermission,
  pagerDutyMappingManagePermission,
];
