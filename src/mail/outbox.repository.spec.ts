import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { openDatabase } from '../database/data-source';
import { Transactions } from '../database/transactions';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRepository } from './outbox.repository';

/**
 * The claim on the real database with the real migrations: SQLite by default, PostgreSQL in a schema of its
 * own when BROBYGGER_TEST_POSTGRES_URL names a server. Two data sources on one database stand for two
 * server processes.
 */
const postgresUrl = process.env.BROBYGGER_TEST_POSTGRES_URL;
const LEASE = 5 * 60_000;
const T0 = 1_800_000_000_000;

let database: DatabaseConfig;
let drop: () => Promise<void>;
let first: DataSource;
let second: DataSource;
let transactions: Transactions;
let one: OutboxRepository;
let other: OutboxRepository;

beforeAll(async () => {
  if (postgresUrl) {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const client = new Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    database = { type: 'postgres', url: postgresUrl, schema };
    drop = async () => {
      const c = new Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    database = { type: 'sqlite', path: path.join(dir, 'outbox.sqlite') };
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  first = await openDatabase(database);
  second = await openDatabase(database);
  // Each process has one queue of transactions, which its repositories share.
  transactions = new Transactions(first);
  one = new OutboxRepository(first, transactions, first.getRepository(OutboxMessage));
  other = new OutboxRepository(second, new Transactions(second), second.getRepository(OutboxMessage));
});

afterAll(async () => {
  await first?.destroy();
  await second?.destroy();
  await drop?.();
});

beforeEach(async () => {
  await first.query('DELETE FROM mail_outbox');
});

async function write(to: string, nextAttemptAt = T0, headers: Record<string, string> | null = null): Promise<number> {
  const result = await first.getRepository(OutboxMessage).insert({
    toAddress: to,
    template: 'test',
    locale: 'nb',
    subject: `To ${to}`,
    html: '<p>Hei</p>',
    text: 'Hei',
    headers,
    state: 'pending',
    attempts: 0,
    nextAttemptAt,
    leaseUntil: null,
    leaseOwner: null,
    lastError: null,
    sentAt: null,
    smtpResponse: null,
  });
  return Number(result.identifiers[0].id);
}

const stored = (id: number) => first.getRepository(OutboxMessage).findOneByOrFail({ id });

describe('claiming a message to send', () => {
  it('takes the message due first, counts the attempt and holds it under a lease', async () => {
    const later = await write('later@example.test', T0 + 10);
    const earlier = await write('earlier@example.test', T0 + 5);
    await write('future@example.test', T0 + 60_000);

    expect(await one.claimNext('a', T0 - 1, LEASE)).toBeNull();
    expect(await one.claimNext('a', T0 + 10, LEASE)).toEqual({ id: earlier, to: 'earlier@example.test', subject: 'To earlier@example.test', html: '<p>Hei</p>', text: 'Hei', headers: null, attempts: 1 });
    expect(await stored(earlier)).toMatchObject({ leaseOwner: 'a', leaseUntil: T0 + 10 + LEASE, attempts: 1, state: 'pending' });
    expect((await one.claimNext('a', T0 + 10, LEASE))?.id).toBe(later);
    expect(await one.claimNext('a', T0 + 10, LEASE)).toBeNull();
  });

  it('never hands a leased message to another sender until the lease has run out', async () => {
    const id = await write('leased@example.test');
    expect((await one.claimNext('a', T0, LEASE))?.id).toBe(id);
    expect(await other.claimNext('b', T0 + LEASE - 1, LEASE)).toBeNull();
    // The first sender died while sending: after its lease another takes the message, counting a second attempt.
    expect(await other.claimNext('b', T0 + LEASE, LEASE)).toMatchObject({ id, attempts: 2 });
    expect(await stored(id)).toMatchObject({ leaseOwner: 'b' });
  });

  it('gives each of many messages to exactly one of two senders claiming at the same time', async () => {
    const ids = [];
    for (let i = 0; i < 40; i++) ids.push(await write(`many${i}@example.test`));
    const claims = { a: [] as number[], b: [] as number[] };
    const drain = async (repository: OutboxRepository, owner: 'a' | 'b') => {
      for (let message = await repository.claimNext(owner, T0, LEASE); message; message = await repository.claimNext(owner, T0, LEASE)) {
        claims[owner].push(message.id);
        // Sending takes a moment, in which the other sender claims.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all([drain(one, 'a'), drain(other, 'b'), drain(one, 'a'), drain(other, 'b')]);
    expect([...claims.a, ...claims.b].sort((x, y) => x - y)).toEqual(ids);
    expect(claims.a.length).toBeGreaterThan(0);
    expect(claims.b.length).toBeGreaterThan(0);
  });

  it('is not undone with a transaction that happened to be open on the connection', async () => {
    const id = await write('beside@example.test');
    let claimed: Promise<unknown> | undefined;
    await expect(
      transactions.run(async (manager) => {
        await manager.query('DELETE FROM mail_outbox WHERE id = -1');
        claimed = one.claimNext('a', T0, LEASE);
        throw new Error('undone');
      }),
    ).rejects.toThrow('undone');
    expect(await claimed).toMatchObject({ id });
    expect(await stored(id)).toMatchObject({ leaseOwner: 'a', attempts: 1 });
  });
});

describe('after an attempt', () => {
  it('marks a message sent once, forgetting its body and its header fields', async () => {
    const headers = { 'List-Unsubscribe': '<https://brobygger.example.test/unsubscribe/x>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    const id = await write('sent@example.test', T0, headers);
    expect(await one.claimNext('a', T0, LEASE)).toMatchObject({ id, headers });
    expect(await one.markSent(id, T0 + 1, '250 OK queued')).toBe(true);
    expect(await one.markSent(id, T0 + 2, '250 OK again')).toBe(false);
    expect(await stored(id)).toMatchObject({ state: 'sent', sentAt: T0 + 1, smtpResponse: '250 OK queued', html: '', text: '', headers: null, leaseUntil: null });
    expect(await other.claimNext('b', T0 + 10 * LEASE, LEASE)).toBeNull();
  });

  it('records a failed attempt only for the sender still holding the lease', async () => {
    const id = await write('failing@example.test');
    await one.claimNext('a', T0, LEASE);
    await other.claimNext('b', T0 + LEASE, LEASE);
    expect(await one.markFailedAttempt(id, 'a', { state: 'failed', nextAttemptAt: T0 }, '451 late')).toBe(false);
    expect(await other.markFailedAttempt(id, 'b', { state: 'pending', nextAttemptAt: T0 + LEASE + 60_000 }, '451 again')).toBe(true);
    expect(await stored(id)).toMatchObject({ state: 'pending', attempts: 2, lastError: '451 again', leaseUntil: null, nextAttemptAt: T0 + LEASE + 60_000 });
  });

  it('puts only a failed message back in line, with all its attempts again', async () => {
    const id = await write('retry@example.test');
    expect(await one.retry(id, T0)).toBe(false);
    await one.claimNext('a', T0, LEASE);
    await one.markFailedAttempt(id, 'a', { state: 'failed', nextAttemptAt: T0 }, '550 no such mailbox');
    expect(await one.retry(id, T0 + 5)).toBe(true);
    expect(await stored(id)).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: T0 + 5, leaseOwner: null, lastError: '550 no such mailbox' });
    expect(await one.retry(id, T0 + 6)).toBe(false);
  });
});
