/** Single sign-on through an OpenID Connect provider (ID-porten, Feide, an organisation's own). */
export interface OidcConfig {
  /** The provider's issuer address; its discovery document is read from it at the first sign-in. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider's name as people know it, on the sign-in button: "Logg inn med <name>". */
  name: string;
}

const SETTINGS = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_NAME'] as const;

/**
 * Reads the four OIDC_ settings: all of them, or none (no single sign-on). The issuer must be https; plain
 * http is allowed outside production, for a provider on this machine. Problems are added to `problems`.
 */
export function readOidcConfig(env: NodeJS.ProcessEnv, nodeEnv: string, problems: string[]): OidcConfig | undefined {
  const values = Object.fromEntries(SETTINGS.map((name) => [name, env[name]?.trim() ?? ''])) as Record<(typeof SETTINGS)[number], string>;
  const missing = SETTINGS.filter((name) => !values[name]);
  if (missing.length === SETTINGS.length) return undefined;
  if (missing.length > 0) {
    problems.push(`Single sign-on needs all of ${SETTINGS.join(', ')} or none of them; missing: ${missing.join(', ')}`);
    return undefined;
  }
  const before = problems.length;
  if (!isIssuer(values.OIDC_ISSUER, nodeEnv === 'production')) {
    problems.push(
      `OIDC_ISSUER must be the provider's https:// address without query or fragment, e.g. https://login.idporten.no${nodeEnv === 'production' ? '' : ' (http:// is allowed outside production)'} (got "${values.OIDC_ISSUER}")`,
    );
  }
  if (values.OIDC_NAME.length > 40) problems.push(`OIDC_NAME must be at most 40 characters, the provider's name on the sign-in button (got "${values.OIDC_NAME}")`);
  if (problems.length > before) return undefined;
  return { issuer: values.OIDC_ISSUER, clientId: values.OIDC_CLIENT_ID, clientSecret: values.OIDC_CLIENT_SECRET, name: values.OIDC_NAME };
}

function isIssuer(value: string, production: boolean): boolean {
  try {
    const url = new URL(value);
    const protocols = production ? ['https:'] : ['https:', 'http:'];
    return protocols.includes(url.protocol) && url.hostname !== '' && !url.search && !url.hash && !value.includes('#') && !url.username;
  } catch {
    return false;
  }
}
