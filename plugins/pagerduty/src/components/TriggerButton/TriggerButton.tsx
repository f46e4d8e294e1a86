import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import AlarmAddIcon from '@material-ui/icons/AlarmAdd';
import { makeStyles } from '@material-ui/core/styles';
import { usePermission } from '@backstage/plugin-permission-react';
import { pagerDutyIncidentTriggerPermission } from '@backstage-pagerduty/plugin-pagerduty-common';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  deniedButton: {
    color: theme.palette.action.disabled,
    backgroundColor: theme.palette.action.disabledBackground,
    boxShadow: 'none',
    cursor: 'not-allowed',
    '&:hover': {
      backgroundColor: theme.palette.action.disabledBackground,
      boxShadow: 'none',
    },
  },
}));

/** "Trigger incident", or the same button explained as denied when the user may not. */
export function TriggerButton(props: { entityRef: string; onClick(): void }) {
  const { allowed, loading } = usePermission({
    permission: pagerDutyIncidentTriggerPermission,
    resourceRef: props.entityRef,
  });
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  if (loading || allowed) {
    return (
      <Button
        variant="contained"
        color="secondary"
        size="small"
        startIcon={<AlarmAddIcon />}
        disabled={loading}
        onClick={props.onClick}
      >
        {t('trigger.button')}
      </Button>
    );
  }
  // Denied: aria-disabled rather than disabled, so the button stays focusable and its tooltip
  // explaining why can be reached with the keyboard too.
  return (
    <Tooltip title={t('trigger.denied')}>
      <Button
        variant="contained"
        size="small"
        startIcon={<AlarmAddIcon />}
        aria-disabled="true"
        className={classes.deniedButton}
        disableRipple
      >
        {t('trigger.button')}
      </Button>
    </Tooltip>
  );
}
