import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  PagerDutyFieldSync,
  PagerDutyMappingDecision,
  PagerDutyMappingState,
  pagerDutyMappingManagePermission,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { pagerDutyMappingApiRef } from '../../api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';
import { DateTime } from 'luxon';
import { MappingActions } from './MappingActions';

const STATES: PagerDutyMappingState[] = [
  'mapped',
  'suggested',
  'conflict',
  'unmapped',
];

const STATE_COLORS: Record<
  PagerDutyMappingState,
  'primary' | 'secondary' | 'default'
> = {
  mapped: 'primary',
  suggested: 'default',
  conflict: 'secondary',
  unmapped: 'default',
};

// Headings and short values break between words only.
const useStyles = makeStyles({ nowrap: { whiteSpace: 'nowrap' } });

/** The custom field sync log of a service: when, what (in the tooltip), or the error. */
function FieldSyncCell(props: { sync?: PagerDutyFieldSync }) {
  const { sync } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  if (!sync) return null;
  const values = Object.entries(sync.values)
    .map(([name, value]) => `${name}: ${value ?? '∅'}`)
    .join('\n');
  if (sync.error) {
    return (
      <Typography variant="body2" color="error">
        {t('admin.fieldsFailed', { error: sync.error })}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" title={values}>
      {sync.syncedAt
        ? t('admin.fieldsSynced', {
            ago: DateTime.fromISO(sync.syncedAt).toRelative() ?? sync.syncedAt,
          })
        : t('admin.fieldsNotSynced')}
    </Typography>
  );
}

/** Every PagerDuty service with its mapping state; filter, accept, reject, map, unmap. */
export function ServicesTab() {
  const classes = useStyles();
  const api = useApi(pagerDutyMappingApiRef);
  const alertApi = useApi(alertApiRef);
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const { allowed: canManage } = usePermission({
    permission: pagerDutyMappingManagePermission,
  });
  const [state, setState] = useState<PagerDutyMappingState | ''>('');
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const list = useAsyncRetry(
    () =>
      api.listServices({
        state: state || undefined,
        query: query || undefined,
      }),
    [api, state, query],
  );

  const decide = useCallback(
    async (decision: PagerDutyMappingDecision) => {
      setBusy(true);
      try {
        const { service } = await api.decide(decision);
        alertApi.post({
          message: service.entityRef
            ? t('admin.decidedFor', {
                service: service.name,
                state: t(`admin.states.${service.state}`),
                entity: service.entityRef,
              })
            : t('admin.decided', {
                service: service.name,
                state: t(`admin.states.${service.state}`),
              }),
          severity: 'success',
          display: 'transient',
        });
        list.retry();
      } catch (e) {
        alertApi.post({ message: (e as Error).message, severity: 'error' });
      } finally {
        setBusy(false);
      }
    },
    [api, alertApi, list, t],
  );

  return (
    <Box>
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <TextField
          select
          label={t('admin.state')}
          value={state}
          onChange={e => setState(e.target.value as PagerDutyMappingState | '')}
          style={{ minWidth: 160 }}
          inputProps={{ 'aria-label': t('admin.filterByState') }}
        >
          <MenuItem value="">{t('admin.all')}</MenuItem>
          {STATES.map(s => (
            <MenuItem key={s} value={s}>
              {t(`admin.states.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label={t('admin.search')}
          value={query}
          onChange={e => setQuery(e.target.value)}
          inputProps={{ 'aria-label': t('admin.searchServices') }}
        />
        {list.value && (
          <Box display="flex" style={{ gap: 8 }} aria-label={t('admin.totals')}>
            {STATES.map(s => (
              <Chip
                key={s}
                size="small"
                label={t('admin.total', {
                  state: t(`admin.states.${s}`),
                  n: String(list.value!.totals[s]),
                })}
                color={STATE_COLORS[s]}
              />
            ))}
          </Box>
        )}
      </Box>
      {!canManage && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {t('admin.readOnly', {
            permission: pagerDutyMappingManagePermission.name,
          })}
        </Typography>
      )}
      {list.loading && !list.value && <Progress />}
      {list.error && <ResponseErrorPanel error={list.error} />}
      {list.value && (
        <Table size="small" aria-label={t('admin.table')}>
          <TableHead>
            <TableRow>
              <TableCell className={classes.nowrap}>
                {t('admin.service')}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {t('admin.account')}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {t('admin.teams')}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {t('admin.state')}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {t('admin.entity')}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {t('admin.customFields')}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {t('admin.actions')}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.value.services.map(s => (
              <TableRow
                key={`${s.account}/${s.serviceId}`}
                data-testid={`service-${s.serviceId}`}
              >
                <TableCell>
                  <Link href={s.htmlUrl} target="_blank" rel="noopener">
                    {s.name}
                  </Link>
                  <Typography
                    variant="caption"
                    display="block"
                    color="textSecondary"
                  >
                    {s.serviceId}
                  </Typography>
                </TableCell>
                <TableCell className={classes.nowrap}>{s.account}</TableCell>
                <TableCell>
                  {s.teams.map(team => team.name).join(', ')}
                </TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={t(`admin.states.${s.state}`)}
                    color={STATE_COLORS[s.state]}
                  />
                </TableCell>
                <TableCell>
                  {s.entityRef ?? ''}
                  {s.source && (
                    <Typography
                      variant="caption"
                      display="block"
                      color="textSecondary"
                    >
                      {t('admin.by', { source: s.source })}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <FieldSyncCell sync={s.fieldSync} />
                </TableCell>
                <TableCell>
                  <MappingActions
                    service={s}
                    canManage={canManage}
                    busy={busy}
                    onDecide={decide}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
