import { ApiError, ErrorCodes, notFound } from '../server/errors';
import { Request, Response, Router } from '../server/router';
import { includes, ok } from './common';

const USER_INCLUDES = [
  'contact_methods',
  'notification_rules',
  'teams',
  'subdomains',
];

/**
 * `GET /users/me`: the user a user-level API key (option `userTokens`) belongs to. PagerDuty
 * answers 400 to an account-level key or an app's OAuth token, which belong to no user.
 */
function currentUser(req: Request): Response {
  const userId = req.token ? req.sim.userTokens.get(req.token) : undefined;
  if (!userId) {
    throw new ApiError(400, ErrorCodes.invalidInput, 'Invalid Input Provided', [
      'Cannot call /users/me with an account-level access token: use a user-level API key or a user OAuth token',
    ]);
  }
  const user = req.sim.state.users.get(userId);
  if (!user) throw notFound(ErrorCodes.notFound, 'Not Found');
  return ok({
    user: req.sim.serializer.user(user, includes(req, USER_INCLUDES)),
  });
}

export function registerCurrentUserRoutes(r: Router): void {
  // A static route: matched before `/users/{id}`.
  r.add('rest', 'GET', '/users/me', currentUser);
}
