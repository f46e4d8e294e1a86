import {
  PagerDutyChangeEvent,
  PagerDutyIncident,
  PagerDutyOnCallEntry,
  PagerDutyOnCallLevel,
  PagerDutyRef,
  PagerDutyService,
  PagerDutyServiceStatus,
  PagerDutyUser,
  isHttpUrl,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PdChangeEvent,
  PdIncident,
  PdOnCall,
  PdService,
  PdUser,
} from '@backstage-pagerduty/plugin-pagerduty-node';

const STATUSES: PagerDutyServiceStatus[] = [
  'active',
  'warning',
  'critical',
  'maintenance',
  'disabled',
];

/*
 * PagerDuty's answers are untrusted too: a link the browser renders must be http(s). Any other
 * scheme (`javascript:`, `data:`) is dropped here, on the server, before it reaches a card.
 */

/** `{ [key]: url }` when the url is http(s), else `{}`. */
function link<K extends string>(
  key: K,
  url: string | null | undefined,
): Partial<Record<K, string>> {
  return isHttpUrl(url) ? ({ [key]: url } as Record<K, string>) : {};
}

/** A required link: PagerDuty's own page of the object when the given one is not http(s). */
function requiredLink(url: string, fallbackPath: string): string {
  return isHttpUrl(url) ? url : `https://app.pagerduty.com${fallbackPath}`;
}

type PdRef = {
  id: string;
  summary?: string | null;
  name?: string | null;
  html_url?: string | null;
};

function ref(value: PdRef): PagerDutyRef {
  return {
    id: value.id,
    name: value.name ?? value.summary ?? value.id,
    ...link('htmlUrl', value.html_url),
  };
}

export function toUser(user: PdUser): PagerDutyUser {
  return {
    id: user.id,
    name: user.name ?? user.summary ?? user.id,
    ...(user.email ? { email: user.email } : {}),
    ...link('avatarUrl', user.avatar_url),
    ...link('htmlUrl', user.html_url),
  };
}

export function toService(
  account: string,
  service: PdService,
): PagerDutyService {
  const status = STATUSES.includes(service.status as PagerDutyServiceStatus)
    ? (service.status as PagerDutyServiceStatus)
    : 'active';
  return {
    account,
    id: service.id,
    name: service.name,
    ...(service.description ? { description: service.description } : {}),
    status,
    htmlUrl: requiredLink(
      service.html_url,
      `/service-directory/${encodeURIComponent(service.id)}`,
    ),
    ...(service.escalation_policy
      ? { escalationPolicy: ref(service.escalation_policy) }
      : {}),
    teams: (service.teams ?? []).map(ref),
  };
}

export function toIncident(incident: PdIncident): PagerDutyIncident {
  const assignees = new Map<string, PagerDutyUser>();
  for (const assignment of incident.assignments ?? []) {
    if (!assignees.has(assignment.assignee.id)) {
      assignees.set(assignment.assignee.id, toUser(assignment.assignee));
    }
  }
  return {
    id: incident.id,
    serviceId: incident.service.id,
    number: incident.incident_number,
    title:
      incident.title ??
      incident.summary ??
      `Incident #${incident.incident_number}`,
    status: incident.status,
    urgency: incident.urgency,
    ...(incident.priority
      ? {
          priority: {
            id: incident.priority.id,
            name:
              incident.priority.name ??
              incident.priority.summary ??
              incident.priority.id,
            ...(incident.priority.color
              ? { color: incident.priority.color }
              : {}),
          },
        }
      : {}),
    createdAt: incident.created_at,
    htmlUrl: requiredLink(
      incident.html_url,
      `/incidents/${encodeURIComponent(incident.id)}`,
    ),
    assignees: [...assignees.values()],
  };
}

export function toChangeEvent(
  event: PdChangeEvent,
  serviceId: string,
): PagerDutyChangeEvent {
  return {
    id: event.id,
    serviceId,
    summary: event.summary ?? '(no summary)',
    timestamp: event.timestamp,
    ...(event.source ? { source: event.source } : {}),
    ...link('htmlUrl', event.html_url),
    links: (event.links ?? [])
      .filter(l => isHttpUrl(l.href))
      .map(l => ({
        href: l.href,
        ...(l.text ? { text: l.text } : {}),
      })),
  };
}

/**
 * Groups on-call entries (fetched with `earliest=true` over a window starting now) into
 * escalation levels, in order. Per level: the people on call now, each once (a user on call
 * through two schedules keeps the shift that lasts longest); when nobody is on call now
 * (a schedule gap), whoever starts next, marked with `from`.
 */
export function toOnCallLevels(
  entries: PdOnCall[],
  now: number,
): PagerDutyOnCallLevel[] {
  const byLevel = new Map<number, PdOnCall[]>();
  for (const entry of entries) {
    const list = byLevel.get(entry.escalation_level) ?? [];
    list.push(entry);
    byLevel.set(entry.escalation_level, list);
  }
  const startOf = (e: PdOnCall) => (e.start ? Date.parse(e.start) : -Infinity);
  const endOf = (e: PdOnCall) => (e.end ? Date.parse(e.end) : Infinity);

  return [...byLevel.keys()]
    .sort((a, b) => a - b)
    .map(level => {
      const all = byLevel.get(level)!.filter(e => endOf(e) > now);
      const current = all.filter(e => startOf(e) <= now);
      let chosen: PdOnCall[];
      let upcoming = false;
      if (current.length > 0) {
        chosen = current;
      } else {
        const next = Math.min(...all.map(startOf));
        chosen = all.filter(e => startOf(e) === next);
        upcoming = true;
      }
      const byUser = new Map<string, PdOnCall>();
      for (const entry of chosen) {
        const seen = byUser.get(entry.user.id);
        if (!seen || endOf(entry) > endOf(seen))
          byUser.set(entry.user.id, entry);
      }
      const oncalls: PagerDutyOnCallEntry[] = [...byUser.values()].map(
        entry => ({
          user: toUser(entry.user),
          ...(entry.schedule ? { schedule: ref(entry.schedule) } : {}),
          ...(entry.end ? { until: entry.end } : {}),
          ...(upcoming && entry.start ? { from: entry.start } : {}),
        }),
      );
      return { level, oncalls };
    })
    .filter(level => level.oncalls.length > 0);
}
