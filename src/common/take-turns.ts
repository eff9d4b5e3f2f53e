import type { NextFunction, Request, Response } from 'express';

/**
 * A request goes on with its work on the next turn of the event loop, once its session has been read, and
 * its page is rendered on a later turn again (see the view engine). On SQLite every statement answers at
 * once, so without these turns the server ran each request start to finish, in batches of all the requests
 * that had arrived: a request that came in just after a batch began waited for that batch and then for its
 * place in the next. With twenty connections kept busy, the slowest requests took twice as long as the
 * median even on a page of constant cost; taking turns, as requests do when they wait for an asynchronous
 * database, brings them close to the median (docs/performance.md, fix 19). The order of work within one
 * request is unchanged, and no transaction is open across a turn.
 */
export function takeTurns(_req: Request, _res: Response, next: NextFunction): void {
  setImmediate(next);
}
