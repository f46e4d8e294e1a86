import { useEffect, useState } from 'react';
import Typography from '@material-ui/core/Typography';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';
import { formatFull, formatSecondsAgo } from '../../utils/time';

/** Re-renders every `ms` so "N s ago" stays true. */
function useTick(ms: number) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick(n => n + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
}

/**
 * "Live · updated 12 s ago" or "Refreshes every 60 s · updated 40 s ago", plus the account and
 * region when the entity is not on the default account.
 */
export function FreshnessLabel(props: {
  live: boolean;
  fetchedAt?: string;
  refreshing?: boolean;
  account?: { id: string; region?: 'us' | 'eu' };
}) {
  const { live, fetchedAt, refreshing, account } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  useTick(5000);
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      component="span"
      data-testid="pagerduty-live"
      aria-live="polite"
    >
      {live ? t('card.live') : t('card.polling')}
      {refreshing
        ? ` · ${t('card.refreshing')}`
        : fetchedAt && (
            <>
              {' · '}
              <time dateTime={fetchedAt} title={formatFull(fetchedAt)}>
                {t('card.updatedAgo', { ago: formatSecondsAgo(fetchedAt) })}
              </time>
            </>
          )}
      {account &&
        ` · ${t('card.account', {
          account: account.id,
          region: (account.region ?? 'us').toUpperCase(),
        })}`}
    </Typography>
  );
}
