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

/** A short absolute time: "14:05" today, "Tue 14:05" this week, "12 Mar 14:05" otherwise. */
export function formatTime(
  iso: string,
  now: DateTime = DateTime.now(),
): string {
  const then = DateTime.fromISO(iso);
  if (!then.isValid) {
    return iso;
  }
  if (then.hasSame(now, 'day')) {
    return then.toLocaleString(DateTime.TIME_SIMPLE);
  }
  if (Math.abs(then.diff(now, 'days').days) < 6) {
    return `${then.toFormat('ccc')} ${then.toLocaleString(
      DateTime.TIME_SIMPLE,
    )}`;
  }
  return `${then.toFormat('d LLL')} ${then.toLocaleString(
    DateTime.TIME_SIMPLE,
  )}`;
}

/** Full date and time for tooltips and `title` attributes. */
export function formatFull(iso: string): string {
  const then = DateTime.fromISO(iso);
  return then.isValid ? then.toLocaleString(DateTime.DATETIME_FULL) : iso;
}
