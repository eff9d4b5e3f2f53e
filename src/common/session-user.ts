import type { Role } from './roles';

/** What a request knows about the signed-in person, loaded once per request from the session. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  locale: string | null;
  roles: Role[];
  organisationId: number | null;
}
