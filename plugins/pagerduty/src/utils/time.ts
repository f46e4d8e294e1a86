import { DateTime } from 'luxon';

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function formatAge(iso: string, now: DateTime = DateTime.now()): string {
  const then = DateTime.fromISO(iso);
  if (!then.isValid) {
    return 'at an unknown time';
  }
  const minutes = Math.floor(now.diff(then, 'minutes').minutes);
  if (minutes < 1) {
    return 'just now';
  }
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours} h ago`;
  }
  return `${Math.floor(hours / 24)} d ago`;
}

/**
 * A short absolute time in the user's locale and zone, with the zone named: "14:05 CET" today,
 * "Tue 14:05 CET" this week, "12 Mar 14:05 CET" otherwise.
 */
export function formatTime(
  iso: string,
  now: DateTime = DateTime.now(),
): string {
  const then = DateTime.fromISO(iso);
  if (!then.isValid) {
    return iso;
  }
  const time = `${then.toLocaleString(DateTime.TIME_SIMPLE)} ${
    then.offsetNameShort || then.toFormat('ZZ')
  }`;
  if (then.hasSame(now, 'day')) {
    return time;
  }
  if (Math.abs(then.diff(now, 'days').days) < 6) {
    return `${then.toLocaleString({ weekday: 'short' })} ${time}`;
  }
  return `${then.toLocaleString({ day: 'numeric', month: 'short' })} ${time}`;
}

/** "5 s ago", "3 min ago": how long ago data was fetched. */
export function formatSecondsAgo(
  iso: string,
  now: DateTime = DateTime.now(),
): string {
  const then = DateTime.fromISO(iso);
  if (!then.isValid) return 'at an unknown time';
  const seconds = Math.max(0, Math.floor(now.diff(then, 'seconds').seconds));
  if (seconds < 60) return `${seconds} s ago`;
  return formatAge(iso, now);
}

/** "12 min", "3 h 5 min", "2 d 4 h": how long something has been in its state. */
export function formatDuration(
  iso: string,
  now: DateTime = DateTime.now(),
): string {
  const then = DateTime.fromISO(iso);
  if (!then.isValid) return '';
  const minutes = Math.max(0, Math.floor(now.diff(then, 'minutes').minutes));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Full date and time for tooltips and `title` attributes. */
export function formatFull(iso: string): string {
  const then = DateTime.fromISO(iso);
  return then.isValid
    ? then.toLocaleString(DateTime.DATETIME_FULL_WITH_SECONDS)
    : iso;
}
