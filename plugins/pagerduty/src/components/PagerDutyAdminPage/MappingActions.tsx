import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import {
  PagerDutyMappedService,
  PagerDutyMappingDecision,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

/** The changes a service's state allows: accept/reject candidates, map, unmap. */
export function MappingActions(props: {
  service: PagerDutyMappedService;
  canManage: boolean;
  busy: boolean;
  onDecide: (decision: PagerDutyMappingDecision) => void;
}) {
  const { service, canManage, busy, onDecide } = props;
  const [entityRef, setEntityRef] = useState('');
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const base = { account: service.account, serviceId: service.serviceId };
  const disabled = !canManage || busy;

  const candidates = service.candidates.map(c => (
    <Box key={c.entityRef} display="flex" alignItems="center" mb={0.5}>
      <Box flexGrow={1} mr={1} component="span">
        {c.entityRef}{' '}
        <Box component="span" color="text.secondary">
          ({c.reasons.join(', ')})
        </Box>
      </Box>
      <Button
        size="small"
        color="primary"
        disabled={disabled}
        onClick={() =>
          onDecide({ ...base, action: 'accept', entityRef: c.entityRef })
        }
        aria-label={t('admin.acceptLabel', {
          entity: c.entityRef,
          service: service.name,
        })}
      >
        {service.state === 'conflict' ? t('admin.mapHere') : t('admin.accept')}
      </Button>
      {/* A YAML annotation cannot be rejected here: it is fixed in the YAML. */}
      {(service.state === 'suggested' ||
        (service.state === 'conflict' &&
          !c.reasons.includes('annotation'))) && (
        <Button
          size="small"
          disabled={disabled}
          onClick={() =>
            onDecide({ ...base, action: 'reject', entityRef: c.entityRef })
          }
          aria-label={t('admin.rejectLabel', {
            entity: c.entityRef,
            service: service.name,
          })}
        >
          {t('admin.reject')}
        </Button>
      )}
    </Box>
  ));

  const canUnmap =
    service.state === 'mapped' &&
    (service.source === 'manual' || service.source === 'name');

  return (
    <Box>
      {candidates}
      {canUnmap && (
        <Button
          size="small"
          disabled={disabled}
          onClick={() => onDecide({ ...base, action: 'unmap' })}
          aria-label={t('admin.unmapLabel', { service: service.name })}
        >
          {t('admin.unmap')}
        </Button>
      )}
      {service.state !== 'mapped' && (
        <Box display="flex" alignItems="center">
          <TextField
            size="small"
            placeholder="component:default/name"
            value={entityRef}
            disabled={disabled}
            onChange={e => setEntityRef(e.target.value)}
            inputProps={{
              'aria-label': t('admin.entityFor', { service: service.name }),
            }}
          />
          <Button
            size="small"
            color="primary"
            disabled={disabled || !entityRef.trim()}
            onClick={() =>
              onDecide({ ...base, action: 'map', entityRef: entityRef.trim() })
            }
            aria-label={t('admin.mapLabel', { service: service.name })}
          >
            {t('admin.map')}
          </Button>
        </Box>
      )}
    </Box>
  );
}
