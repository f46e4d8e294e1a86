import { ErrorCodes, invalidInput, notFound } from '../server/errors';
import { parsePage, paginate } from '../server/pagination';
import { arrayParam, dateParam } from '../server/query';
import { Request, Response, Router } from '../server/router';
import { includes, ok } from './common';

const USER_INCLUDES = [
  'contact_methods',
  'notification_rules',
  'teams',
  'subdomains',
  'calendar_urls',
];
const EP_INCLUDES = [
  'services',
  'teams',
  'targets',
  'escalation_rule_assignment_strategies',
];
const TWO_WEEKS = 14 * 86_400_000;

function matchesQuery(q: string | null, ...fields: string[]): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return fields.some(f => f.toLowerCase().includes(needle));
}

function listUsers(req: Request): Response {
  const { state, serializer } = req.sim;
  const page = parsePage(req.query);
  const include = includes(req, USER_INCLUDES);
  const teamIds = arrayParam(req.query, 'team_ids');
  const q = req.query.get('query');
  const users = [...state.users.values()]
    .filter(u => matchesQuery(q, u.name, u.email))
    .filter(u => !teamIds.length || u.teamIds.some(t => teamIds.includes(t)))
    .sort((a, b) => a.name.localeCompare(b.name));
  return ok(paginate('users', users, page, u => serializer.user(u, include)));
}

function getUser(req: Request): Response {
  const { state, serializer } = req.sim;
  const include = includes(req, USER_INCLUDES);
  const u = state.users.get(req.params.id);
  if (!u) throw notFound(ErrorCodes.notFound, 'Not Found');
  return ok({ user: serializer.user(u, include) });
}

function listContactMethods(req: Request): Response {
  const { state, serializer } = req.sim;
  const u = state.users.get(req.params.id);
  if (!u) throw notFound(ErrorCodes.notFound, 'Not Found');
  return ok({ contact_methods: serializer.contactMethods(u) });
}

function getContactMethod(req: Request): Response {
  const { state, serializer } = req.sim;
  const u = state.users.get(req.params.id);
  const method = u
    ? serializer
        .contactMethods(u)
        .find(m => m.id === req.params.contact_method_id)
    : undefined;
  if (!method) throw notFound(ErrorCodes.notFound, 'Not Found');
  return ok({ contact_method: method });
}

function scheduleRange(req: Request): {
  from: number;
  to: number;
  tz?: string;
} {
  const since = dateParam(req.query, 'since');
  const until = dateParam(req.query, 'until');
  const now = req.sim.state.nowMs();
  const from = since ?? (until !== undefined ? until - TWO_WEEKS : now);
  const to = until ?? from + TWO_WEEKS;
  if (to < from) throw invalidInput("'until' cannot be before 'since'");
  if (to - from > 93 * 86_400_000)
    throw invalidInput('The date range cannot exceed 3 months');
  return { from, to, tz: req.query.get('time_zone') ?? undefined };
}

function listSchedules(req: Request): Response {
  const { state, serializer } = req.sim;
  const page = parsePage(req.query);
  const q = req.query.get('query');
  const teamIds = arrayParam(req.query, 'team_ids');
  const now = state.nowMs();
  const schedules = [...state.schedules.values()]
    .filter(s => matchesQuery(q, s.name))
    .filter(s => !teamIds.length || s.teamIds.some(t => teamIds.includes(t)))
    .sort((a, b) => a.name.localeCompare(b.name));
  return ok(
    paginate('schedules', schedules, page, s => {
      const full = serializer.schedule(s, { from: now, to: now });
      return {
        ...full,
        schedule_layers: undefined,
        final_schedule: undefined,
        overrides_subschedule: undefined,
      };
    }),
  );
}

function getSchedule(req: Request): Response {
  const { state, serializer } = req.sim;
  const s = state.schedules.get(req.params.id);
  if (!s) throw notFound(ErrorCodes.notFound, 'Not Found');
  return ok({ schedule: serializer.schedule(s, scheduleRange(req)) });
}

function listPolicies(req: Request): Response {
  const { state, serializer } = req.sim;
  const page = parsePage(req.query);
  const include = includes(req, EP_INCLUDES);
  const q = req.query.get('query');
  const userIds = arrayParam(req.query, 'user_ids');
  const teamIds = arrayParam(req.query, 'team_ids');
  const policies = [...state.escalationPolicies.values()]
    .filter(p => matchesQuery(q, p.name))
    .filter(p => !teamIds.length || p.teamIds.some(t => teamIds.includes(t)))
    .filter(
      p =>
        !userIds.length ||
        p.rules.some(r =>
          r.targets.some(t =>
            t.type === 'user'
              ? userIds.includes(t.id)
              : state.schedules
                  .get(t.id)
                  ?.layers.some(l => l.userIds.some(u => userIds.includes(u))),
          ),
        ),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  return ok(
    paginate('escalation_policies', policies, page, p =>
      serializer.escalationPolicy(p, include),
    ),
  );
}

function getPolicy(req: Request): Response {
  const { state, serializer } = req.sim;
  const include = includes(req, EP_INCLUDES);
  const p = state.escalationPolicies.get(req.params.id);
  if (!p)
    throw notFound(ErrorCodes.resourceNotFound, 'Escalation Policy Not Found');
  return ok({ escalation_policy: serializer.escalationPolicy(p, include) });
}

function listTeams(req: Request): Response {
  const { state, serializer } = req.sim;
  const page = parsePage(req.query);
  const q = req.query.get('query');
  const teams = [...state.teams.values()]
    .filter(t => matchesQuery(q, t.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  return ok(paginate('teams', teams, page, t => serializer.team(t)));
}

function getTeam(req: Request): Response {
  const { state, serializer } = req.sim;
  const t = state.teams.get(req.params.id);
  if (!t) throw notFound(ErrorCodes.notFound, 'Not Found');
  return ok({ team: serializer.team(t) });
}

function listPriorities(req: Request): Response {
  const { state, serializer } = req.sim;
  const page = parsePage(req.query);
  const list = [...state.priorities.values()].sort((a, b) => b.order - a.order);
  return ok(paginate('priorities', list, page, p => serializer.priority(p)));
}

function listAbilities(req: Request): Response {
  return ok({ abilities: [...req.sim.state.abilities] });
}

function testAbility(req: Request): Response {
  if (req.sim.state.abilities.includes(req.params.id)) return { status: 204 };
  return {
    status: 402,
    body: {
      error: {
        message: 'Account does not have the abilities to perform the action',
        code: 2014,
      },
    },
  };
}

export function registerDirectoryRoutes(r: Router): void {
  r.add('rest', 'GET', '/users', listUsers);
  r.add('rest', 'GET', '/users/{id}', getUser);
  r.add('rest', 'GET', '/users/{id}/contact_methods', listContactMethods);
  r.add(
    'rest',
    'GET',
    '/users/{id}/contact_methods/{contact_method_id}',
    getContactMethod,
  );
  r.add('rest', 'GET', '/schedules', listSchedules);
  r.add('rest', 'GET', '/schedules/{id}', getSchedule);
  r.add('rest', 'GET', '/escalation_policies', listPolicies);
  r.add('rest', 'GET', '/escalation_policies/{id}', getPolicy);
  r.add('rest', 'GET', '/teams', listTeams);
  r.add('rest', 'GET', '/teams/{id}', getTeam);
  r.add('rest', 'GET', '/priorities', listPriorities);
  r.add('rest', 'GET', '/abilities', listAbilities);
  r.add('rest', 'GET', '/abilities/{id}', testAbility);
}
