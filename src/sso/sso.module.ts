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
 * A page of a session whose sign-out goes on to the provider (see AuthController.logout) lets its forms go there:
 * browsers hold a form's redirects to the page's form-action policy too, and the sign-out button is a form.
 */
export function allowSignOutAtProvider(req: Request, res: Response): void {
  const target = req.session?.signOutRedirect;
  const policy = res.getHeader('Content-Security-Policy');
  if (!target || typeof policy !== 'string') return;
  res.setHeader('Content-Security-Policy', policy.replace(/form-action ([^;]*)/, (directive) => `${directive} ${new URL(target).origin}`));
}

/**
 * Single sign-on (OIDC_* settings). The provider's name is given to every page as `ssoProvider`, so that the
 * sign-in, invitation and profile pages show their buttons only when it is set up.
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
      .apply((req: Request, res: Response, next: NextFunction) => {
        res.locals.ssoProvider = name;
        allowSignOutAtProvider(req, res);
        next();
      })
      .forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
