import type { Request, Response } from 'express';
import { takeTurns } from './take-turns';

describe('takeTurns', () => {
  it('lets the request go on only on the next turn of the event loop, after work already waiting there', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('waiting'));
    takeTurns({} as Request, {} as Response, () => order.push('request'));
    expect(order).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['waiting', 'request']);
  });
});
