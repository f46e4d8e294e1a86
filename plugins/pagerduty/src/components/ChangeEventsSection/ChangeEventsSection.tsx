import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { PagerDutyChangeEventsResponse } from '@backstage-pagerduty/plugin-pagerduty-common';
import { RefreshableState } from '../../hooks/useRefreshable';
import { formatAge, formatFull } from '../../utils/time';
import { SectionState } from '../SectionState';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

/** Recent change events (deploys, config changes) of the entity's services. */
export function ChangeEventsSection(props: {
  state: RefreshableState<PagerDutyChangeEventsResponse>;
  serviceName?: (serviceId: string) => string | undefined;
  showServiceNames?: boolean;
}) {
  const { state, serviceName, showServiceNames } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <SectionState
      state={state}
      what={t('changeEvents.what')}
      serviceName={serviceName}
      isEmpty={value => value.changeEvents.length === 0}
    >
      {({ changeEvents }) =>
        changeEvents.length === 0 ? (
          <Typography variant="body2">{t('changeEvents.none')}</Typography>
        ) : (
          <List dense disablePadding aria-label={t('changeEvents.list')}>
            {[...changeEvents]
              .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
              .map(event => (
                <ListItem
                  key={event.id}
                  divider
                  data-testid={`change-event-${event.id}`}
                >
                  <Box>
                    <Typography variant="body1">
                      {event.htmlUrl ? (
                        <Link to={event.htmlUrl}>{event.summary}</Link>
                      ) : (
                        event.summary
                      )}
                    </Typography>
                    <Typography variant="body2" color="textSecondary">
                      <time
                        dateTime={event.timestamp}
                        title={formatFull(event.timestamp)}
                      >
                        {formatAge(event.timestamp)}
                      </time>
                      {event.source && ` · ${event.source}`}
                      {showServiceNames &&
                        ` · ${
                          serviceName?.(event.serviceId) ?? event.serviceId
                        }`}
                    </Typography>
                    {event.links.length > 0 && (
                      <Typography variant="body2">
                        {event.links.map((link, index) => (
                          <span key={`${link.href}-${index}`}>
                            {index > 0 && ' · '}
                            <Link to={link.href}>{link.text || link.href}</Link>
                          </span>
                        ))}
                      </Typography>
                    )}
                  </Box>
                </ListItem>
              ))}
          </List>
        )
      }
    </SectionState>
  );
}
