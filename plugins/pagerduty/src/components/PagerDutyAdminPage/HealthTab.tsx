import useAsync from 'react-use/esm/useAsync';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { DateTime } from 'luxon';
import { pagerDutyApiRef, pagerDutyMappingApiRef } from '../../api';

function when(iso: string | null | undefined) {
  return iso ? DateTime.fromISO(iso).toRelative() ?? iso : 'never';
}

/** Per account: PagerDuty reachable and token valid (backend), and the last catalog sync. */
export function HealthTab() {
  const pagerDutyApi = useApi(pagerDutyApiRef);
  const mappingApi = useApi(pagerDutyMappingApiRef);
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
    <Table size="small" aria-label="Account health">
      <TableHead>
        <TableRow>
          <TableCell>Account</TableCell>
          <TableCell>PagerDuty API</TableCell>
          <TableCell>Last sync</TableCell>
          <TableCell>Services</TableCell>
          <TableCell>Requests (last sync)</TableCell>
          <TableCell>Sync error</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {[...ids].sort().map(id => {
          const h = health.accounts.find(a => a.id === id);
          const s = sync.accounts.find(a => a.account === id);
          return (
            <TableRow key={id}>
              <TableCell>
                {id}
                {h?.isDefault ? ' (default)' : ''}
              </TableCell>
              <TableCell>
                {h
                  ? `${h.status}${h.message ? `: ${h.message}` : ''}`
                  : 'unknown'}
              </TableCell>
              <TableCell>{when(s?.finishedAt)}</TableCell>
              <TableCell>{s?.services ?? '-'}</TableCell>
              <TableCell>{s?.requests ?? '-'}</TableCell>
              <TableCell>{s?.error ?? 'none'}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
