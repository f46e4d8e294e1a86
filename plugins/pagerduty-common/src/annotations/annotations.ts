import { Entity } from '@backstage/catalog-model';

/** Annotation holding an Events API v2 integration key (32 characters). @public */
export const PAGERDUTY_INTEGRATION_KEY_ANNOTATION =
  'pagerduty.com/integration-key';
/** Annotation holding one or several (comma separated) PagerDuty service ids. @public */
export const PAGERDUTY_SERVICE_ID_ANNOTATION = 'pagerduty.com/service-id';
/** Annotation naming the configured PagerDuty account, when there are several. @public */
export const PAGERDUTY_ACCOUNT_ANNOTATION = 'pagerduty.com/account';
/**
 * Set by the catalog module next to the PagerDuty annotations it adds, with how the link was
 * made (`manual`, `name`, `integration-key`): these annotations are not in the entity's YAML.
 * @public
 */
export const PAGERDUTY_MAPPED_BY_ANNOTATION = 'pagerduty.com/mapped-by';

/** The PagerDuty references of an entity, validated. @public */
export interface PagerDutyEntityRefs {
  /** Service ids from `pagerduty.com/service-id`, de-duplicated, in order. */
  serviceIds: string[];
  /** Integration key from `pagerduty.com/integration-key`, if any. */
  integrationKey?: string;
  /** Account id from `pagerduty.com/account`; undefined means the default account. */
  account?: string;
}

/** Outcome of reading an entity's PagerDuty annotations. @public */
export type PagerDutyAnnotationResult =
  | { status: 'ok'; refs: PagerDutyEntityRefs }
  | { status: 'absent' }
  | { status: 'invalid'; annotation: string; message: string };

// PagerDuty ids are upper-case alphanumerics, P followed by 6 or more characters in practice;
// accept any upper-case alphanumeric id of 2-20 characters so sandbox/legacy ids still work.
const SERVICE_ID_PATTERN = /^[A-Z0-9]{2,20}$/;
const INTEGRATION_KEY_PATTERN = /^[A-Za-z0-9]{32}$/;
const ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

function invalid(
  annotation: string,
  value: string,
  expected: string,
): PagerDutyAnnotationResult {
  return {
    status: 'invalid',
    annotation,
    message: `Annotation ${annotation} has the value ${JSON.stringify(
      value.length > 80 ? `${value.slice(0, 80)}…` : value,
    )}; expected ${expected}.`,
  };
}

/**
 * Reads and validates the PagerDuty annotations of an entity.
 *
 * `absent` when neither `pagerduty.com/integration-key` nor `pagerduty.com/service-id` is set;
 * `invalid` with a message naming the annotation and the expected format when one is malformed.
 * @public
 */
export function readPagerDutyAnnotations(
  entity: Entity,
): PagerDutyAnnotationResult {
  const annotations = entity.metadata.annotations ?? {};
  const rawServiceIds = annotations[PAGERDUTY_SERVICE_ID_ANNOTATION];
  const rawKey = annotations[PAGERDUTY_INTEGRATION_KEY_ANNOTATION];
  const rawAccount = annotations[PAGERDUTY_ACCOUNT_ANNOTATION];

  if (rawServiceIds === undefined && rawKey === undefined) {
    return { status: 'absent' };
  }

  const refs: PagerDutyEntityRefs = { serviceIds: [] };

  if (rawServiceIds !== undefined) {
    const ids = String(rawServiceIds)
      .split(',')
      .map(id => id.trim());
    if (ids.length === 0 || ids.some(id => !SERVICE_ID_PATTERN.test(id))) {
      return invalid(
        PAGERDUTY_SERVICE_ID_ANNOTATION,
        String(rawServiceIds),
        'one or more PagerDuty service ids separated by commas, such as "PABC123" or "PABC123,PDEF456"',
      );
    }
    refs.serviceIds = [...new Set(ids)];
  }

  if (rawKey !== undefined) {
    const key = String(rawKey).trim();
    if (!INTEGRATION_KEY_PATTERN.test(key)) {
      // Never echo the key itself: it is a credential for the Events API.
      return {
        status: 'invalid',
        annotation: PAGERDUTY_INTEGRATION_KEY_ANNOTATION,
        message: `Annotation ${PAGERDUTY_INTEGRATION_KEY_ANNOTATION} is malformed (${key.length} characters); expected a 32-character alphanumeric Events API v2 integration key.`,
      };
    }
    refs.integrationKey = key;
  }

  if (rawAccount !== undefined) {
    const account = String(rawAccount).trim();
    if (!ACCOUNT_PATTERN.test(account)) {
      return invalid(
        PAGERDUTY_ACCOUNT_ANNOTATION,
        String(rawAccount),
        'the id of an account configured under pagerDuty.accounts (letters, digits, ".", "_" or "-")',
      );
    }
    refs.account = account;
  }

  return { status: 'ok', refs };
}

/**
 * True when the entity has a valid `pagerduty.com/integration-key` or `pagerduty.com/service-id`
 * annotation. Use it in an `EntitySwitch` to show the PagerDuty card only where it can work.
 * @public
 */
export function hasValidPagerDutyAnnotations(entity: Entity): boolean {
  return readPagerDutyAnnotations(entity).status === 'ok';
}

/** True when the entity has any PagerDuty annotation, valid or not. @public */
export function hasPagerDutyAnnotations(entity: Entity): boolean {
  return readPagerDutyAnnotations(entity).status !== 'absent';
}
