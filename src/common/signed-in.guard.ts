import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { SignInRequired } from './errors';
import { IS_PUBLIC } from './public.decorator';
import { BEFORE_SECOND_FACTOR, SecondFactorGate, SecondFactorPending } from './second-factor-gate';
import type { SessionUser } from './session-user';

/**
 * Every route needs a signed-in user unless it is marked @Public(), and that user's session must have passed
 * its second factor (or need none) unless the route is part of that step (@BeforeSecondFactor()).
 */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly gate: SecondFactorGate,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const user = request.user as SessionUser | undefined;
    if (!user) throw new SignInRequired();
    if (this.gate.passed(request, user) || this.reflector.getAllAndOverride<boolean>(BEFORE_SECOND_FACTOR, targets)) return true;
    if ((await this.gate.stepFor(request, user)) === 'none') return true;
    throw new SecondFactorPending();
  }
}
