import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  identityApiRef,
  useApi,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  PagerDutyOnCallResponse,
  PagerDutyService,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { summarizeOnCall } from '../OnCallNow';
import {
  TranslationFunction,
  useTranslationRef,
} from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

/** "This pages Ada Lovelace (level 1, Payments escalation) now." for the chosen services. */
export function whoIsPagedSentences(
  services: PagerDutyService[],
  oncall: PagerDutyOnCallResponse | undefined,
  t: TranslationFunction<typeof pagerDutyTranslationRef.T>,
): string[] {
  const sentences: string[] = [];
  const seen = new Set<string>();
  for (const service of services) {
    const policy = oncall?.policies.find(
      p =>
        p.serviceIds.includes(service.id) ||
        p.escalationPolicy.id === service.escalationPolicy?.id,
    );
    if (!policy || seen.has(policy.escalationPolicy.id)) continue;
    seen.add(policy.escalationPolicy.id);
    const summary = summarizeOnCall(policy);
    const names = [...new Set(summary.responders.map(e => e.user.name))];
    const where =
      services.length > 1
        ? t('whoIsPaged.forService', { service: service.name })
        : '';
    const policyName = policy.escalationPolicy.name;
    if (names.length === 0) {
      sentences.push(t('whoIsPaged.nobody', { policy: policyName, where }));
    } else {
      const values = {
        names: names.join(t('whoIsPaged.and')),
        level: String(summary.respondersLevel),
        policy: policyName,
        where,
      };
      sentences.push(
        summary.level1Gap
          ? t('whoIsPaged.gapPages', values)
          : t('whoIsPaged.pages', values),
      );
    }
  }
  return sentences;
}

/**
 * The signed-in user's name as people read it: the sign-in profile's display name, else their
 * User entity's `spec.profile.displayName` or title, else the entity's name (never the raw
 * `user:default/…` reference).
 */
function useDisplayName(): string | undefined {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApiHolder().get(catalogApiRef);
  const [displayName, setDisplayName] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const profile = await identityApi.getProfileInfo();
      if (profile.displayName) return profile.displayName;
      const { userEntityRef } = await identityApi.getBackstageIdentity();
      const entity = await catalogApi?.getEntityByRef(userEntityRef);
      const fromEntity =
        (entity?.spec as any)?.profile?.displayName ?? entity?.metadata.title;
      return fromEntity ?? profile.email ?? parseEntityRef(userEntityRef).name;
    })()
      .then(name => !cancelled && setDisplayName(name))
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [identityApi, catalogApi]);
  return displayName;
}

/**
 * What happens when the form is sent: who is paged, a reminder to contact the team instead when
 * it is not urgent, and who the incident is triggered as and for.
 */
export function WhoIsPaged(props: {
  services: PagerDutyService[];
  oncall?: PagerDutyOnCallResponse;
  ownerRef?: string;
  entityName?: string;
}) {
  const { services, oncall, ownerRef, entityName } = props;
  const displayName = useDisplayName();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const sentences = whoIsPagedSentences(services, oncall, t);
  return (
    <Box mb={2} data-testid="pagerduty-who-is-paged">
      {sentences.map(sentence => (
        <Typography key={sentence} variant="body1" gutterBottom>
          <strong>{sentence}</strong>
        </Typography>
      ))}
      <Alert severity="info" icon={false}>
        {t('whoIsPaged.notUrgent')}{' '}
        {ownerRef ? (
          <EntityRefLink entityRef={ownerRef} defaultKind="group" />
        ) : (
          t('whoIsPaged.owningTeam')
        )}{' '}
        {t('whoIsPaged.notUrgentEnd')}
      </Alert>
      {(displayName || entityName) && (
        <Typography variant="body2" color="textSecondary">
          {displayName && t('whoIsPaged.triggeredBy', { name: displayName })}
          {displayName && entityName && ', '}
          {entityName &&
            (displayName
              ? t('whoIsPaged.withEntity', { entity: entityName })
              : t('whoIsPaged.withEntityFirst', { entity: entityName }))}
          .
        </Typography>
      )}
    </Box>
  );
}
