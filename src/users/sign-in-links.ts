import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { SignInLink } from './sign-in-link.entity';
import { User } from './user.entity';

/** Whether a link was made: `taken` when the identity is already tied to another account. */
export type LinkOutcome = 'linked' | 'taken';

/** What the profile page shows of single sign-on: nothing when it is not set up. */
export interface SignInLinkSection {
  provider: string;
  linked: boolean;
}

/**
 * Accounts tied to identities at the OpenID provider. An identity belongs to one account at most (the table's
 * unique key), and an account has at most one identity at each provider: linking again replaces it.
 */
@Injectable()
export class SignInLinks {
  constructor(
    @InjectRepository(SignInLink) private readonly links: Repository<SignInLink>,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The active account tied to this identity, or null. */
  async accountFor(issuer: string, subject: string): Promise<User | null> {
    const link = await this.links.findOne({ where: { issuer, subject } });
    if (!link) return null;
    return this.links.manager.getRepository(User).findOne({ where: { id: link.userId, active: true } });
  }

  /** Ties the identity to the account, in the caller's transaction when given one. */
  async link(userId: number, issuer: string, subject: string, manager?: EntityManager): Promise<LinkOutcome> {
    if (!manager) return this.transactions.run((inTransaction) => this.link(userId, issuer, subject, inTransaction));
    const links = manager.getRepository(SignInLink);
    const owner = await links.findOne({ where: { issuer, subject } });
    if (owner) return owner.userId === userId ? 'linked' : 'taken';
    await links.delete({ userId, issuer });
    await links.insert({ userId, issuer, subject });
    return 'linked';
  }

  /** Unties the account from the provider; answers whether there was a link. */
  async unlink(userId: number, issuer: string, manager?: EntityManager): Promise<boolean> {
    const removed = await (manager?.getRepository(SignInLink) ?? this.links).delete({ userId, issuer });
    return Boolean(removed.affected);
  }

  async isLinked(userId: number, issuer: string): Promise<boolean> {
    return (await this.links.count({ where: { userId, issuer } })) > 0;
  }

  /** For the profile page: the provider's name and whether this person is linked to it. */
  async section(userId: number): Promise<SignInLinkSection | undefined> {
    const oidc = this.config.oidc;
    if (!oidc) return undefined;
    return { provider: oidc.name, linked: await this.isLinked(userId, oidc.issuer) };
  }
}
