import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';
import { LoginThrottle } from './login-throttle.entity';
import { LoginThrottleRepository } from './login-throttle.repository';
import { SessionStore } from './session-store';
import { SessionSerializer } from './session.serializer';

/** The session store, closed with the server (it prunes ended sessions now and then). */
const sessionStore = {
  provide: SessionStore,
  inject: [DataSource, APP_CONFIG],
  useFactory: (dataSource: DataSource, config: AppConfig) => new SessionStore(dataSource, config.sessionIdleMinutes),
};

@Module({
  imports: [UsersModule, PassportModule, TypeOrmModule.forFeature([LoginThrottle, User])],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottleRepository, LocalStrategy, SessionSerializer, sessionStore],
  exports: [AuthService, SessionStore, LoginThrottleRepository],
})
export class AuthModule {}
