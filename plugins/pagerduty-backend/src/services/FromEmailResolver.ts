import {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { InputError } from '@backstage/errors';

/** Who acts in PagerDuty: the email for the `From:` header of REST writes. */
export interface Actor {
  /** The user entity ref, or the service principal's subject. */
  ref: string;
  email?: string;
  /** A user's display name (`spec.profile.displayName`, else the entity's title). */
  name?: string;
}

/**
 * Finds the email PagerDuty's REST writes name as `From:`: the signed-in user's
 * `spec.profile.email` from their catalog User entity (read with the plugin's own credentials,
 * as users may not be allowed to read User entities), else `pagerDuty.defaultFromEmail`.
 */
export class FromEmailResolver {
  constructor(
    private readonly deps: {
      auth: AuthService;
      userInfo: UserInfoService;
      catalog: CatalogService;
      defaultFromEmail?: string;
    },
  ) {}

  async actor(credentials: BackstageCredentials): Promise<Actor> {
    const principal = credentials.principal as {
      type: string;
      subject?: string;
    };
    if (principal.type !== 'user') {
      return {
        ref: principal.subject ?? principal.type,
        email: this.deps.defaultFromEmail,
      };
    }
    const { ref, email, name } = await this.userEmail(credentials);
    return { ref, name, email: email ?? this.deps.defaultFromEmail };
  }

  /** A signed-in user's own email (`spec.profile.email` of their entity), no fallback. */
  async userEmail(
    credentials: BackstageCredentials,
  ): Promise<{ ref: string; email?: string; name?: string }> {
    const { userEntityRef } = await this.deps.userInfo.getUserInfo(credentials);
    const user = await this.deps.catalog.getEntityByRef(userEntityRef, {
      credentials: await this.deps.auth.getOwnServiceCredentials(),
    });
    const profile = (
      user?.spec as { profile?: { email?: unknown; displayName?: unknown } }
    )?.profile;
    const email =
      typeof profile?.email === 'string' && profile.email.includes('@')
        ? profile.email
        : undefined;
    const name =
      typeof profile?.displayName === 'string' && profile.displayName.trim()
        ? profile.displayName.trim()
        : user?.metadata.title;
    return { ref: userEntityRef, email, name };
  }

  /** The actor, or a 400 naming what is missing when there is no email to act as. */
  async requireEmail(
    credentials: BackstageCredentials,
  ): Promise<Required<Actor>> {
    const actor = await this.actor(credentials);
    if (!actor.email) {
      throw new InputError(
        `PagerDuty needs the email of the person acting (From header), but ${actor.ref} has no spec.profile.email in the catalog and pagerDuty.defaultFromEmail is not configured`,
      );
    }
    return actor as Required<Actor>;
  }
}
