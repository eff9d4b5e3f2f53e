import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { SessionUser } from './session-user';

/**
 * The request being answered, for records made deep in services that are not handed it (the audit log's actor
 * and client address): passing both through every call would widen every signature for two fields.
 */
const storage = new AsyncLocalStorage<Request>();

export function requestContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  storage.run(req, next);
}

/** The client address of the request in progress; null outside one (jobs, the command line). */
export function currentClientAddress(): string | null {
  return storage.getStore()?.ip ?? null;
}

/** The signed-in person of the request in progress, read when asked, since sign-in is restored after this middleware. */
export function currentActorId(): number | null {
  return (storage.getStore()?.user as SessionUser | undefined)?.id ?? null;
}
