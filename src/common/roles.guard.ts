import { CanActivate, ExecutionContext, Injectable, NotFoundException, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from './roles';
import type { SessionUser } from './session-user';

const ROLES = 'roles';

/** Limits a route to people holding one of these roles; anyone else is told the page does not exist. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest<Request>().user as SessionUser | undefined;
    if (user && user.roles.some((role) => roles.includes(role))) return true;
    throw new NotFoundException();
  }
}
