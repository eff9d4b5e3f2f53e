import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { User } from '../users/user.entity';
import { SecondFactorSettingsController, SecondFactorAdminController } from './second-factor-settings.controller';
import { SecondFactorController } from './second-factor.controller';
import { RecoveryCode, SecondFactor } from './second-factor.entity';
import { SecondFactorRepository } from './second-factor.repository';
import { SecondFactorService } from './second-factor.service';

/**
 * Time-based codes as a second factor at sign-in, with recovery codes; required of those who sign off when
 * REQUIRE_SECOND_FACTOR is on. The profile page shows its section; administrators reset it from the people pages.
 */
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([SecondFactor, RecoveryCode, User])],
  controllers: [SecondFactorController, SecondFactorSettingsController, SecondFactorAdminController],
  providers: [SecondFactorRepository, SecondFactorService],
  exports: [SecondFactorService],
})
export class SecondFactorModule {}
