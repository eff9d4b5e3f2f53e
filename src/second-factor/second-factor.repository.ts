import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { purposeKey } from '../common/purpose-mac';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { recoveryCodeHash } from './recovery-codes';
import { RecoveryCode, SecondFactor } from './second-factor.entity';
import { SecretBox } from './secret-box';
import { newTotpSecret } from './totp';

/** A person's factor as the rules need it: the secret opened, null when it no longer opens (SESSION_SECRET changed). */
export interface StoredFactor {
  secret: string | null;
  enabledAt: number | null;
}

/** The second_factors and recovery_codes tables; secrets go in sealed and come out opened, codes only as hashes. */
@Injectable()
export class SecondFactorRepository {
  private readonly logger = new Logger('SecondFactor');
  private readonly box: SecretBox;
  private readonly recoveryKey: Buffer;

  constructor(
    @InjectRepository(SecondFactor) private readonly factors: Repository<SecondFactor>,
    @InjectRepository(RecoveryCode) private readonly codes: Repository<RecoveryCode>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SecretBox(purposeKey(config.sessionSecret, 'second-factor-secret'));
    this.recoveryKey = purposeKey(config.sessionSecret, 'recovery-code');
  }

  /** Whether the person has a factor turned on, without opening its secret. */
  async enabledAt(userId: number): Promise<number | null> {
    const row = await this.factors.findOne({ select: { userId: true, enabledAt: true }, where: { userId } });
    return row?.enabledAt ?? null;
  }

  async find(userId: number): Promise<StoredFactor | null> {
    const row = await this.factors.findOne({ where: { userId } });
    if (!row) return null;
    const secret = this.box.open(row.secret, userId);
    if (secret === null) this.logger.error(`The second factor of person ${userId} cannot be opened: was SESSION_SECRET changed?`);
    return { secret, enabledAt: row.enabledAt };
  }

  /**
   * The secret of the enrolment under way, made at the first showing and kept until it is confirmed, so that the
   * page shown again after a wrong code shows the same one. One that no longer opens is replaced.
   */
  async pendingSecret(userId: number): Promise<string> {
    await this.factors.createQueryBuilder().insert().into(SecondFactor).values({ userId, secret: this.box.seal(newTotpSecret(), userId), enabledAt: null, lastStep: null }).orIgnore().execute();
    const stored = await this.find(userId);
    if (stored?.secret) return stored.secret;
    const secret = newTotpSecret();
    await this.factors.update({ userId, enabledAt: IsNull() }, { secret: this.box.seal(secret, userId) });
    return secret;
  }

  /** Turns the enrolment on with the step of its first code; false when it was on already (another tab). */
  async enable(manager: EntityManager, userId: number, step: number, now: number): Promise<boolean> {
    const result = await manager.getRepository(SecondFactor).update({ userId, enabledAt: IsNull() }, { enabledAt: now, lastStep: step });
    return Boolean(result.affected);
  }

  /**
   * Takes a code's time step as used, in one statement: only when it is later than the last one taken, so a code
   * (or an older one) is accepted once, even when it is sent twice at the same moment.
   */
  async takeStep(userId: number, step: number): Promise<boolean> {
    const result = await this.factors
      .createQueryBuilder()
      .update(SecondFactor)
      .set({ lastStep: step })
      .where('user_id = :userId AND enabled_at IS NOT NULL AND (last_step IS NULL OR last_step < :step)', { userId, step })
      .execute();
    return Boolean(result.affected);
  }

  /** Removes the factor and its recovery codes; answers whether there was one. */
  async remove(manager: EntityManager, userId: number): Promise<boolean> {
    await manager.getRepository(RecoveryCode).delete({ userId });
    const result = await manager.getRepository(SecondFactor).delete({ userId });
    return Boolean(result.affected);
  }

  /** Replaces the person's recovery codes by these: the old ones stop working. */
  async replaceRecoveryCodes(manager: EntityManager, userId: number, codes: string[]): Promise<void> {
    const repository = manager.getRepository(RecoveryCode);
    await repository.delete({ userId });
    await repository.insert(codes.map((code) => ({ userId, codeHash: recoveryCodeHash(this.recoveryKey, userId, code), usedAt: null })));
  }

  /** Marks the code used if it is one of the person's unused ones, in one statement, so it works once only. */
  async useRecoveryCode(userId: number, code: string, now: number): Promise<boolean> {
    const result = await this.codes.update({ userId, codeHash: recoveryCodeHash(this.recoveryKey, userId, code), usedAt: IsNull() }, { usedAt: now });
    return Boolean(result.affected);
  }

  recoveryCodesLeft(userId: number): Promise<number> {
    return this.codes.count({ where: { userId, usedAt: IsNull() } });
  }
}
