import type { Role } from '../common/roles';

/** Those who sign off and see others' data: they must have a second factor when the installation requires it. */
export const ROLES_NEEDING_SECOND_FACTOR: readonly Role[] = ['admin', 'coordinator', 'supervisor'];

/** Whether a person holding these roles must have a second factor, given REQUIRE_SECOND_FACTOR. */
export function mustHaveSecondFactor(roles: readonly Role[], required: boolean): boolean {
  return required && roles.some((role) => ROLES_NEEDING_SECOND_FACTOR.includes(role));
}
