import { ApiError, invalidInput } from '../server/errors';
import { enumArrayParam } from '../server/query';
import { Request } from '../server/router';
import { UserRecord } from '../state/model';

/** Parses `include[]` against the values the endpoint allows (400 for others). */
export function includes(
  req: Request,
  allowed: readonly string[],
): Set<string> {
  return new Set(enumArrayParam(req.query, 'include', allowed));
}

/** Parses the JSON body; 400 when it is missing or not JSON. */
export function jsonBody(req: Request): Record<string, any> {
  if (!req.rawBody.trim())
    throw invalidInput('A JSON request body is required');
  try {
    const parsed = JSON.parse(req.rawBody);
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      Array.isArray(parsed)
    ) {
      throw new Error('not an object');
    }
    return parsed;
  } catch {
    throw invalidInput('The request body is not a valid JSON object');
  }
}

/**
 * The user named by the `From` header, required on writes made with an account API key.
 * 400 (code 2016, as PagerDuty answers) without it; 400 when it is not a user's e-mail.
 */
export function requester(req: Request): UserRecord {
  const ownerId = req.token ? req.sim.userTokens.get(req.token) : undefined;
  const owner = ownerId ? req.sim.state.users.get(ownerId) : undefined;
  if (owner) return owner;
  const from = req.headers.from;
  if (!from || !String(from).trim()) {
    throw new ApiError(
      400,
      2016,
      'You must specify a user\'s email address in the "From" header to perform this action',
    );
  }
  const user = req.sim.state.findUserByEmail(String(from));
  if (!user)
    throw invalidInput(
      'Requester User Not Found',
      `No user with the email "${from}"`,
    );
  return user;
}

export function ok(body: unknown, status = 200) {
  return { status, body };
}
