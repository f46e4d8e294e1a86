import Avatar from '@material-ui/core/Avatar';
import { makeStyles } from '@material-ui/core/styles';
import { PagerDutyUser } from '@backstage-pagerduty/plugin-pagerduty-common';

const useStyles = makeStyles(theme => ({
  // Initials (no picture, or it did not load) in contrast enough for WCAG AA.
  root: {
    backgroundColor: theme.palette.grey[700],
    color: theme.palette.common.white,
  },
  small: {
    width: theme.spacing(3),
    height: theme.spacing(3),
    fontSize: '0.75rem',
  },
  medium: { width: theme.spacing(5), height: theme.spacing(5) },
}));

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map(part => part[0]!.toLocaleUpperCase())
    .join('');
}

/**
 * The PagerDuty avatar of a person; falls back to their initials when PagerDuty has no picture
 * or the picture does not load.
 */
export function PersonAvatar(props: {
  user: PagerDutyUser;
  size?: 'small' | 'medium';
  /** The name is written next to the avatar: hide the avatar from assistive technology. */
  decorative?: boolean;
}) {
  const { user, size = 'medium', decorative = false } = props;
  const classes = useStyles();
  return (
    <Avatar
      className={`${classes.root} ${classes[size]}`}
      src={user.avatarUrl}
      alt={decorative ? '' : user.name}
      aria-hidden={decorative ? true : undefined}
      imgProps={{ referrerPolicy: 'no-referrer' }}
    >
      {initials(user.name)}
    </Avatar>
  );
}
