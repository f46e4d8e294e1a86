import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { describePagerDutyError, pagerDutyApiRef } from '../../api';
import { useRefreshable } from '../../hooks/useRefreshable';
import { formatFull, formatTime } from '../../utils/time';
import { isUpcoming, orderLevels } from '../OnCallSection';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';
import { PersonAvatar } from '../PersonAvatar';
import { StaleNotice } from '../SectionState';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

/**
 * Props of {@link HomePagePagerDutyCard}.
 * @public
 */
export interface HomePagePagerDutyCardProps {
  /** The catalog entities to show, e.g. `component:default/checkout`. */
  entityRefs: string[];
  title?: string;
}

function normalize(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    }),
  );
}

function EntityOnCall(props: { entityRef: string }) {
  const { entityRef } = props;
  const api = useApi(pagerDutyApiRef);
  const state = useRefreshable(
    () => api.getOnCall(entityRef),
    [api, entityRef],
  );
  const name = parseEntityRef(entityRef).name;
  const { t } = useTranslationRef(pagerDutyTranslationRef);

  let content;
  if (state.loading) {
    content = <Progress aria-label={t('homeCard.loading', { name })} />;
  } else if (!state.value) {
    content = (
      <PagerDutyProblemPanel problem={describePagerDutyError(state.error)} />
    );
  } else {
    const firstLevel = state.value.policies.flatMap(policy =>
      (orderLevels(policy.levels)[0]?.oncalls ?? []).filter(
        entry => !isUpcoming(entry),
      ),
    );
    content = (
      <>
        {state.value.freshness.stale && (
          <StaleNotice fetchedAt={state.value.freshness.fetchedAt} />
        )}
        {firstLevel.length === 0 ? (
          <Typography variant="body2">{t('homeCard.nobody')}</Typography>
        ) : (
          firstLevel.map(({ user, until, schedule }) => (
            <Box
              key={`${user.id}/${schedule?.id ?? ''}`}
              display="flex"
              alignItems="center"
              style={{ gap: 8 }}
              mb={0.5}
            >
              <PersonAvatar user={user} size="small" decorative />
              <Typography variant="body2">
                {user.email ? (
                  <Link to={`mailto:${user.email}`}>{user.name}</Link>
                ) : (
                  user.name
                )}
                {until && (
                  <Typography
                    variant="body2"
                    component="span"
                    color="textSecondary"
                  >
                    {' '}
                    <time dateTime={until} title={formatFull(until)}>
                      {t('onCallNow.until', { time: formatTime(until) })}
                    </time>
                  </Typography>
                )}
              </Typography>
            </Box>
          ))
        )}
      </>
    );
  }

  return (
    <ListItem divider>
      <Box width="100%">
        <Typography variant="subtitle2" component="p">
          {name}
        </Typography>
        {content}
      </Box>
    </ListItem>
  );
}

/**
 * "Who is on call" for a few chosen entities, for the home page.
 * @public
 */
export function HomePagePagerDutyCard(props: HomePagePagerDutyCardProps) {
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const { entityRefs, title = t('homeCard.title') } = props;
  const refs = [...new Set(entityRefs.map(normalize))];
  return (
    <InfoCard title={title}>
      {refs.length === 0 ? (
        <Typography variant="body2">{t('homeCard.none')}</Typography>
      ) : (
        <List disablePadding aria-label={t('homeCard.list')}>
          {refs.map(ref => (
            <EntityOnCall key={ref} entityRef={ref} />
          ))}
        </List>
      )}
    </InfoCard>
  );
}
