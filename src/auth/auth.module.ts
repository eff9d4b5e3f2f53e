import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { Invitation } from './invitation.entity';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { User } from '../users/user.entity';
import { LoginThrottle } from './login-throttle.entity';
import { LoginThrottleService } from './login-throttle.service';

@Module({
  imports: [UsersModule, TypeOrmModule.forFeature([LoginThrottle, Invitation, User])],
  controllers: [AuthController, InvitationsController],
  providers: [AuthService, LoginThrottleService, InvitationsService],
  exports: [AuthService, InvitationsService],
})
export class AuthModule {}
