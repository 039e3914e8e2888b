import type { Permission, RoleName, ScopeLevel } from '../../../contracts/access.js';

/** Who is calling: a signed-in user (session) or a partner system (API token). */
export interface Actor {
  kind: 'user' | 'token';
  userId: string | null;
  tokenId: string | null;
  sessionId: string | null;
  organisationId: string;
  /** The province of the actor's organisation; null for national organisations. */
  provinceCode: string | null;
  roles: RoleName[];
  permissions: ReadonlySet<Permission>;
  scope: ScopeLevel;
}
