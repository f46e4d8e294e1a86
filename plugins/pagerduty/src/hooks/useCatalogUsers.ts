import { useEffect, useMemo, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';

/** The annotation of a User entity that holds their Slack member id (`U0123ABC`). */
export const SLACK_USER_ID_ANNOTATION = 'slack.com/user_id';

/** A Backstage User entity matched to a PagerDuty user by email. */
export interface CatalogUser {
  entityRef: string;
  title: string;
  slackUserId?: string;
}

/**
 * Looks up the Backstage User entities whose `spec.profile.email` is one of `emails` (one catalog
 * request for all of them). Emails compare case-insensitively. Lookup failures and a missing
 * catalog API are ignored: the card still shows the PagerDuty contact methods.
 */
export function useCatalogUsers(emails: string[]): Map<string, CatalogUser> {
  // Optional: an app without the catalog API still gets PagerDuty's contact methods.
  const catalogApi = useApiHolder().get(catalogApiRef);
  const key = useMemo(
    () => [...new Set(emails.map(e => e.toLowerCase()))].sort().join(','),
    [emails],
  );
  const [users, setUsers] = useState(new Map<string, CatalogUser>());
  useEffect(() => {
    if (!key || !catalogApi) return undefined;
    let cancelled = false;
    const wanted = key.split(',');
    catalogApi
      .getEntities({
        filter: { kind: 'User', 'spec.profile.email': wanted },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.annotations',
          'spec.profile',
        ],
      })
      .then(({ items }) => {
        if (cancelled) return;
        const found = new Map<string, CatalogUser>();
        for (const entity of items) {
          const profile = (entity.spec as any)?.profile ?? {};
          const email =
            typeof profile.email === 'string'
              ? profile.email.toLowerCase()
              : '';
          if (!email || !wanted.includes(email)) continue;
          // Several users may share an email (e.g. a guest account): keep the richer one.
          const slackUserId =
            entity.metadata.annotations?.[SLACK_USER_ID_ANNOTATION];
          if (
            found.has(email) &&
            (found.get(email)!.slackUserId || !slackUserId)
          )
            continue;
          found.set(email, {
            entityRef: stringifyEntityRef(entity),
            title:
              profile.displayName ??
              entity.metadata.title ??
              entity.metadata.name,
            slackUserId,
          });
        }
        setUsers(found);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [catalogApi, key]);
  return users;
}
