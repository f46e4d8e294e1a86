import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { PagerDutyMyServiceEntity } from '@backstage-pagerduty/plugin-pagerduty-common';
import { describePagerDutyError, pagerDutyApiRef } from '../../api';
import { useRefreshable } from '../../hooks/useRefreshable';
import { pagerDutyTranslationRef } from '../../translation';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';
import { MY_SERVICES_SHOWN } from './constants';

function ServiceRow(props: { entity: PagerDutyMyServiceEntity }) {
  const { entity } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <ListItem disableGutters divider>
      <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={8}>
        <EntityRefLink entityRef={entity.entityRef} title={entity.title} />
        {entity.error ? (
          <Typography variant="caption">
            {t('homeWidgets.unreadable', { message: entity.error.message })}
          </Typography>
        ) : (
          <>
            <Chip
              size="small"
              label={t('homeWidgets.openIncidents', {
                count: entity.openIncidents,
              })}
            />
            {entity.triggered > 0 && (
              <Chip
                size="small"
                label={t('homeWidgets.triggered', {
                  n: String(entity.triggered),
                })}
              />
            )}
            {entity.highUrgency > 0 && (
              <Chip
                size="small"
                variant="outlined"
                label={t('homeWidgets.highUrgency', {
                  n: String(entity.highUrgency),
                })}
              />
            )}
          </>
        )}
      </Box>
    </ListItem>
  );
}

/**
 * "My teams' services": the entities owned by the signed-in user's groups that have open
 * PagerDuty incidents (triggered first), or a note that all of them are quiet.
 */
export function MyTeamsServices() {
  const api = useApi(pagerDutyApiRef);
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const state = useRefreshable(() => api.getMyServices(), [api]);

  if (state.loading) {
    return <Progress aria-label={t('homeWidgets.loadingServices')} />;
  }
  if (!state.value) {
    return (
      <PagerDutyProblemPanel problem={describePagerDutyError(state.error)} />
    );
  }
  const { entities, truncated } = state.value;
  const shown = entities
    .filter(e => e.openIncidents > 0 || e.error)
    .slice(0, MY_SERVICES_SHOWN);
  return (
    <Box data-testid="pagerduty-my-services">
      {entities.length === 0 && (
        <Typography variant="body2">{t('homeWidgets.noServices')}</Typography>
      )}
      {entities.length > 0 && shown.length === 0 && (
        <Typography variant="body2">
          {t('homeWidgets.allQuiet', { count: entities.length })}
        </Typography>
      )}
      {shown.length > 0 && (
        <List dense disablePadding>
          {shown.map(e => (
            <ServiceRow key={e.entityRef} entity={e} />
          ))}
        </List>
      )}
      {truncated && (
        <Typography variant="caption" color="textSecondary">
          {t('homeWidgets.truncated', { n: String(entities.length) })}
        </Typography>
      )}
    </Box>
  );
}
