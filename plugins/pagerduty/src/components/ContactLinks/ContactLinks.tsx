import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import ChatIcon from '@material-ui/icons/Chat';
import EmailIcon from '@material-ui/icons/Email';
import PersonIcon from '@material-ui/icons/Person';
import PhoneIcon from '@material-ui/icons/Phone';
import SmsIcon from '@material-ui/icons/Sms';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { Link as RouterLink } from 'react-router-dom';
import { PagerDutyUser } from '@backstage-pagerduty/plugin-pagerduty-common';
import { CatalogUser } from '../../hooks/useCatalogUsers';
import { pagerDutyTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
  // 40 px tall: a comfortable target on a phone during an incident.
  button: { minHeight: 40, textTransform: 'none' },
}));

/**
 * A link that looks like a small button. `tel:`, `sms:`, `mailto:` and Slack are plain anchors
 * (the OS or browser handles them); `to` is an in-app route.
 */
function ContactButton(props: {
  href?: string;
  to?: string;
  label: string;
  icon: ReactNode;
  children: ReactNode;
}) {
  const classes = useStyles();
  const external = props.href?.startsWith('https:');
  const common = {
    size: 'small' as const,
    variant: 'outlined' as const,
    className: classes.button,
    startIcon: props.icon,
    'aria-label': props.label,
    title: props.label,
  };
  if (props.to) {
    return (
      // role="link": ButtonBase marks anything but a plain anchor as a button.
      <Button {...common} component={RouterLink} to={props.to} role="link">
        {props.children}
      </Button>
    );
  }
  return (
    <Button
      {...common}
      href={props.href}
      {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
    >
      {props.children}
    </Button>
  );
}

/** Only rendered for a matched User entity, so the entity route is resolved only then. */
function ProfileButton(props: { name: string; catalogUser: CatalogUser }) {
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const entityRoute = useRouteRef(entityRouteRef);
  return (
    <ContactButton
      to={entityRoute(entityRouteParams(props.catalogUser.entityRef))}
      label={t('contact.profileLabel', { name: props.name })}
      icon={<PersonIcon fontSize="small" />}
    >
      {t('contact.profile')}
    </ContactButton>
  );
}

/**
 * How to reach a person: phone and SMS from their PagerDuty contact methods, email, their
 * Backstage profile and Slack when a User entity with the same email exists.
 */
export function ContactLinks(props: {
  user: PagerDutyUser;
  catalogUser?: CatalogUser;
}) {
  const { user, catalogUser } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const methods = user.contactMethods ?? [];
  const phones = methods.filter(m => m.type === 'phone');
  const sms = methods.filter(m => m.type === 'sms');
  const email =
    user.email ?? methods.find(m => m.type === 'email')?.address ?? undefined;
  const name = user.name;
  return (
    <Box
      className={classes.root}
      role="group"
      aria-label={`Contact ${name}`}
      data-testid={`contact-${user.id}`}
    >
      {phones.map(m => (
        <ContactButton
          key={`phone-${m.address}`}
          href={`tel:${m.address}`}
          label={t('contact.callLabel', {
            name,
            label: m.label,
            address: m.address,
          })}
          icon={<PhoneIcon fontSize="small" />}
        >
          {phones.length > 1
            ? `${t('contact.call')} (${m.label})`
            : t('contact.call')}
        </ContactButton>
      ))}
      {sms.map(m => (
        <ContactButton
          key={`sms-${m.address}`}
          href={`sms:${m.address}`}
          label={t('contact.smsLabel', {
            name,
            label: m.label,
            address: m.address,
          })}
          icon={<SmsIcon fontSize="small" />}
        >
          {sms.length > 1
            ? `${t('contact.sms')} (${m.label})`
            : t('contact.sms')}
        </ContactButton>
      ))}
      {email && (
        <ContactButton
          href={`mailto:${email}`}
          label={t('contact.emailLabel', { name, address: email })}
          icon={<EmailIcon fontSize="small" />}
        >
          {t('contact.email')}
        </ContactButton>
      )}
      {catalogUser?.slackUserId && (
        <ContactButton
          href={`https://slack.com/app_redirect?channel=${encodeURIComponent(
            catalogUser.slackUserId,
          )}`}
          label={t('contact.slackLabel', { name })}
          icon={<ChatIcon fontSize="small" />}
        >
          {t('contact.slack')}
        </ContactButton>
      )}
      {catalogUser && <ProfileButton name={name} catalogUser={catalogUser} />}
    </Box>
  );
}
