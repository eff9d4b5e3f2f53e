import { Inject, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AccountsModule } from '../accounts/accounts.module';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { UsersModule } from '../users/users.module';
import { OpenIdProvider } from './openid-provider';
import { SsoController } from './sso.controller';
import { SsoService } from './sso.service';

/**
 * Single sign-on (OIDC_* settings). The provider's name is given to every page as `ssoProvider`, so that the
 * sign-in and invitation pages show their buttons only when it is set up.
 */
@Module({
  imports: [UsersModule, AccountsModule],
  controllers: [SsoController],
  providers: [OpenIdProvider, SsoService],
})
export class SsoModule implements NestModule {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    const name = this.config.oidc?.name;
    if (!name) return;
    consumer
      .apply((_req: Request, res: Response, next: NextFunction) => {
        res.locals.ssoProvider = name;
        next();
      })
      .forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
