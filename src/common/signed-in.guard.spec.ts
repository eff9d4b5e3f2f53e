import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SignInRequired } from './errors';
import { SignedInGuard } from './signed-in.guard';

function contextFor(user: unknown, isPublic: boolean): { context: ExecutionContext; reflector: Reflector } {
  const reflector = { getAllAndOverride: () => isPublic } as unknown as Reflector;
  const context = {
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => ({ user }) }),
  } as unknown as ExecutionContext;
  return { context, reflector };
}

describe('SignedInGuard', () => {
  it('lets a signed-in person through', () => {
    const { context, reflector } = contextFor({ id: 1 }, false);
    expect(new SignedInGuard(reflector).canActivate(context)).toBe(true);
  });

  it('asks someone who is not signed in to sign in', () => {
    const { context, reflector } = contextFor(undefined, false);
    expect(() => new SignedInGuard(reflector).canActivate(context)).toThrow(SignInRequired);
  });

  it('opens public routes to everyone', () => {
    const { context, reflector } = contextFor(undefined, true);
    expect(new SignedInGuard(reflector).canActivate(context)).toBe(true);
  });
});
