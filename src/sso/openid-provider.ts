import { Inject, Injectable, Logger } from '@nestjs/common';
import type * as OpenId from 'openid-client';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { OidcConfig } from '../config/oidc';

/** The provider could not be reached or did not describe itself: a sign-in cannot start or finish now. */
export class ProviderUnavailable extends Error {
  constructor(cause: unknown) {
    super(`The OpenID provider is unavailable: ${String(cause)}`, { cause });
    this.name = 'ProviderUnavailable';
  }
}

/** A discovered provider: the library and its configuration for our client. */
export interface Discovered {
  openid: typeof OpenId;
  configuration: OpenId.Configuration;
}

/** Seconds a request to the provider may take before the sign-in is given up. */
const TIMEOUT_SECONDS = 10;

/**
 * The OpenID provider named by the OIDC_ settings, discovered at the first sign-in rather than at start-up, so
 * that the server starts while the provider is down; a failed discovery is tried again at the next sign-in.
 */
@Injectable()
export class OpenIdProvider {
  private readonly logger = new Logger('SingleSignOn');
  private discovered?: Promise<Discovered>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The settings, or undefined when single sign-on is not set up. */
  get settings(): OidcConfig | undefined {
    return this.config.oidc;
  }

  /** Where the provider sends the browser back to, as registered with it. */
  get callbackUrl(): string {
    return `${this.config.publicUrl}/login/sso/callback`;
  }

  get postLogoutUrl(): string {
    return `${this.config.publicUrl}/login?signedOut=1`;
  }

  /** The provider's description (discovery), read once; throws ProviderUnavailable when it cannot be read. */
  discover(): Promise<Discovered> {
    if (!this.discovered) {
      const attempt = this.load();
      this.discovered = attempt;
      attempt.catch(() => {
        if (this.discovered === attempt) this.discovered = undefined;
      });
    }
    return this.discovered;
  }

  private async load(): Promise<Discovered> {
    const settings = this.settings;
    if (!settings) throw new Error('Single sign-on is not set up');
    // Published as an ES module only: Node requires it as it is, jest compiles it first (jest.config.js).
    const openid = await import('openid-client');
    const insecure = new URL(settings.issuer).protocol === 'http:';
    try {
      const configuration = await openid.discovery(new URL(settings.issuer), settings.clientId, undefined, openid.ClientSecretBasic(settings.clientSecret), {
        timeout: TIMEOUT_SECONDS,
        // A plain-http issuer is allowed outside production only (see config/oidc.ts): a provider on this machine.
        execute: insecure ? [openid.allowInsecureRequests] : [],
      });
      configuration.timeout = TIMEOUT_SECONDS;
      return { openid, configuration };
    } catch (error) {
      this.logger.warn(`Could not read the OpenID provider's description at ${settings.issuer}: ${String(error)}`);
      throw new ProviderUnavailable(error);
    }
  }
}
