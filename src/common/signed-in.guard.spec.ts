import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SignInRequired } from './errors';
import { IS_PUBLIC } from './public.decorator';
import { BEFORE_SECOND_FACTOR, SecondFactorGate, SecondFactorPending, SecondFactorStep } from './second-factor-gate';
import { SignedInGuard } from './signed-in.guard';

interface Setup {
  user?: { id: number; roles: string[] };
  isPublic?: boolean;
  beforeSecondFactor?: boolean;
  step?: SecondFactorStep;
  session?: Record<string, unknown>;
}

function guardFor({ user, isPublic = false, beforeSecondFactor = false, step = 'none', session = { signedInAt: 1000 } }: Setup) {
  const reflector = { getAllAndOverride: (key: string) => (key === IS_PUBLIC ? isPublic : key === BEFORE_SECOND_FACTOR ? beforeSecondFactor : undefined) } as unknown as Reflector;
  const request = { user, session };
  const context = {
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  const gate = new SecondFactorGate();
  const asked: number[] = [];
  gate.register({ stepFor: (u) => (asked.push(u.id), Promise.resolve(step)) });
  return { guard: new SignedInGuard(reflector, gate), context, session, asked };
}

describe('SignedInGuard', () => {
  it('lets a signed-in person who needs no second factor through, and asks about it only once', async () => {
    const { guard, context, asked } = guardFor({ user: { id: 1, roles: [] } });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(asked).toEqual([1]);
  });

  it('asks someone who is not signed in to sign in', async () => {
    const { guard, context } = guardFor({});
    await expect(guard.canActivate(context)).rejects.toThrow(SignInRequired);
  });

  it('opens public routes to everyone', async () => {
    const { guard, context } = guardFor({ isPublic: true });
    await expect(guard.canActivate(context)).resolves.toBe(true);
  });

  it.each<SecondFactorStep>(['code', 'enrol'])('sends a session that still owes its second factor (%s) to that step', async (step) => {
    const { guard, context } = guardFor({ user: { id: 1, roles: ['supervisor'] }, step });
    await expect(guard.canActivate(context)).rejects.toThrow(SecondFactorPending);
  });

  it('opens the second-factor step itself to such a session', async () => {
    const { guard, context } = guardFor({ user: { id: 1, roles: ['supervisor'] }, step: 'code', beforeSecondFactor: true });
    await expect(guard.canActivate(context)).resolves.toBe(true);
  });

  it('lets a session through once its second factor was given for this very sign-in', async () => {
    const { guard, context } = guardFor({ user: { id: 1, roles: ['supervisor'] }, step: 'code', session: { signedInAt: 1000, secondFactor: { userId: 1, signedInAt: 1000 } } });
    await expect(guard.canActivate(context)).resolves.toBe(true);
  });

  it.each([
    ['another person', { userId: 2, signedInAt: 1000 }],
    ['an earlier sign-in', { userId: 1, signedInAt: 999 }],
  ])('does not count a second factor given by %s in the same browser', async (_, secondFactor) => {
    const { guard, context } = guardFor({ user: { id: 1, roles: ['supervisor'] }, step: 'code', session: { signedInAt: 1000, secondFactor } });
    await expect(guard.canActivate(context)).rejects.toThrow(SecondFactorPending);
  });
});
