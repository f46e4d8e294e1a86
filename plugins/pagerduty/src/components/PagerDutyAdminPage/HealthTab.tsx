import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { PagerDutyHealthResponse } from '@backstage-pagerduty/plugin-pagerduty-common';
import { DateTime } from 'luxon';
import { pagerDutyApiRef, pagerDutyMappingApiRef } from '../../api';
import { pagerDutyTranslationRef } from '../../translation';

type AccountHealth = PagerDutyHealthResponse['accounts'][number];

// Headings break between words only; the table scrolls sideways on narrow screens.
const useStyles = makeStyles({ head: { whiteSpace: 'nowrap' } });

function useFormat() {
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return {
    t,
    when: (iso: string | null | undefined) =>
      iso ? DateTime.fromISO(iso).toRelative() ?? iso : t('admin.health.never'),
    budget: (b: AccountHealth['budget']) => {
      if (!b) return '-';
      const used = String(b.usedInLastMinute);
      return b.limitPerMinute > 0
        ? t('admin.health.budgetOf', { used, limit: String(b.limitPerMinute) })
        : t('admin.health.noLimit', { used });
    },
  };
}

/** What this replica relies on besides PagerDuty: cache, budget store, live updates. */
function Infrastructure(props: {
  infrastructure: NonNullable<PagerDutyHealthResponse['infrastructure']>;
}) {
  const { cache, budget, liveUpdates } = props.infrastructure;
  const { t } = useFormat();
  const status = (s: { status: string; message?: string }) =>
    s.message ? `${s.status}: ${s.message}` : s.status;
  const rows: [string, string][] = [
    [t('admin.health.cache'), status(cache)],
    [t('admin.health.budgetStore'), `${budget.store}, ${status(budget)}`],
    [
      t('admin.health.liveUpdates'),
      `${
        liveUpdates.acrossReplicas
          ? t('admin.health.yes')
          : t('admin.health.no')
      }${liveUpdates.message ? `: ${liveUpdates.message}` : ''}`,
    ],
  ];
  if (liveUpdates.eventsBackend !== undefined) {
    rows.push([
      t('admin.health.eventsBackend'),
      liveUpdates.eventsBackend
        ? t('admin.health.installed')
        : t('admin.health.missing'),
    ]);
  }
  return (
    <Box mt={3}>
      <Typography variant="h6" component="h3">
        {t('admin.health.infrastructure')}
      </Typography>
      <Table size="small" aria-label={t('admin.health.infrastructure')}>
        <TableBody>
          {rows.map(([name, value]) => (
            <TableRow key={name}>
              <TableCell component="th" scope="row">
                {name}
              </TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/**
 * Per account: PagerDuty reachable and token valid with the check's latency, the last webhook,
 * the request budget used, and the last catalog sync with its error; then this replica's
 * infrastructure (cache, budget store, live updates and the events backend).
 */
export function HealthTab() {
  const classes = useStyles();
  const pagerDutyApi = useApi(pagerDutyApiRef);
  const mappingApi = useApi(pagerDutyMappingApiRef);
  const { t, when, budget } = useFormat();
  const data = useAsync(async () => {
    const [health, sync] = await Promise.all([
      pagerDutyApi.getHealth(),
      mappingApi.getSyncStatus(),
    ]);
    return { health, sync };
  }, [pagerDutyApi, mappingApi]);
  if (data.loading) return <Progress />;
  if (data.error) return <ResponseErrorPanel error={data.error} />;
  const { health, sync } = data.value!;
  const ids = new Set([
    ...health.accounts.map(a => a.id),
    ...sync.accounts.map(a => a.account),
  ]);
  return (
    <>
      <Box overflow="auto">
        <Table size="small" aria-label={t('admin.health.table')}>
          <TableHead>
            <TableRow>
              <TableCell className={classes.head}>
                {t('admin.health.account')}
              </TableCell>
              <TableCell className={classes.head}>
                {t('admin.health.api')}
              </TableCell>
              <TableCell className={classes.head}>
                {t('admin.health.latency')}
              </TableCell>
              <TableCell className={classes.head}>
                {t('admin.health.webhooks')}
              </TableCell>
              <TableCell className={classes.head}>
                {t('admin.health.budget')}
              </TableCell>
              <TableCell className={classes.head}>
                {t('admin.health.lastSync')}
              </TableCell>
              <TableCell className={classes.head}>
                {t('admin.health.services')}
              </TableCell>
              <TableCell className={classes.head}>
                {t('admin.health.requests')}
              </TableCell>
              <TableCell className={classes.head}>
                {t('admin.health.syncError')}
              </TableCell>
              <TableCell className={classes.head}>
                {t('admin.health.dependencies')}
              </TableCell>
              <TableCell className={classes.head}>
                {t('admin.health.fields')}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {[...ids].sort().map(id => {
              const h = health.accounts.find(a => a.id === id);
              const s = sync.accounts.find(a => a.account === id);
              let webhooks = '-';
              if (h?.webhooks) {
                webhooks = h.webhooks.configured
                  ? when(h.webhooks.lastReceivedAt)
                  : t('admin.health.notConfigured');
              }
              return (
                <TableRow key={id} data-testid={`account-health-${id}`}>
                  <TableCell>
                    {h?.isDefault
                      ? t('admin.health.defaultAccount', { account: id })
                      : id}
                  </TableCell>
                  <TableCell>
                    {h
                      ? `${h.status}${h.message ? `: ${h.message}` : ''}`
                      : t('admin.health.unknown')}
                  </TableCell>
                  <TableCell>
                    {h?.latencyMs !== undefined
                      ? t('admin.health.ms', { ms: String(h.latencyMs) })
                      : '-'}
                  </TableCell>
                  <TableCell>{webhooks}</TableCell>
                  <TableCell>{budget(h?.budget)}</TableCell>
                  <TableCell>{when(s?.finishedAt)}</TableCell>
                  <TableCell>{s?.services ?? '-'}</TableCell>
                  <TableCell>{s?.requests ?? '-'}</TableCell>
                  <TableCell>{s?.error ?? t('admin.health.none')}</TableCell>
                  <TableCell>
                    {s?.dependencies ? (
                      <>
                        {t('admin.health.dependencyCounts', {
                          read: String(s.dependencies.read),
                          associated: String(s.dependencies.associated),
                          disassociated: String(s.dependencies.disassociated),
                        })}
                        {s.dependencies.errors.length > 0 && (
                          <Typography variant="body2" color="error">
                            {t('admin.health.dependencyErrors', {
                              n: String(s.dependencies.errors.length),
                              first: s.dependencies.errors[0],
                            })}
                          </Typography>
                        )}
                      </>
                    ) : (
                      t('admin.health.off')
                    )}
                  </TableCell>
                  <TableCell>
                    {s?.fields
                      ? t('admin.health.fieldCounts', {
                          written: String(s.fields.written),
                          unchanged: String(s.fields.unchanged),
                          failed: String(s.fields.failed),
                        })
                      : t('admin.health.off')}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Box>
      <Typography variant="caption" color="textSecondary" component="p">
        {t('admin.health.legend')}
      </Typography>
      {health.infrastructure && (
        <Infrastructure infrastructure={health.infrastructure} />
      )}
    </>
  );
}
