/**
 * A real OpenID provider (the `oidc-provider` package) in a process of its own, for the single sign-on tests.
 * Started by `startOidcProvider()` in oidc-provider.ts with, in the environment:
 *   OIDC_TEST_CLIENT    the one client, as JSON: { client_id, client_secret, redirect_uris, post_logout_redirect_uris }
 *   OIDC_TEST_ACCOUNTS  the people it knows, as JSON: { "<login>": { "email": "...", "email_verified": true } }
 * It listens on a free port of 127.0.0.1 and writes "listening <issuer>" on standard output.
 * Its sign-in page takes any of those logins (with any password), as the package's development pages do.
 */
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const client = JSON.parse(process.env.OIDC_TEST_CLIENT ?? '{}');
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS ?? '{}');

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{ ...client, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    // The subject is the login itself: stable while the e-mail address may change.
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  // The e-mail claims in the ID token itself, as ID-porten and Feide put what the client asked for.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['a-test-provider-cookie-key'] },
});
// The package's warnings about its development pages say nothing the tests need.
provider.on('server_error', (_ctx, error) => process.stderr.write(`${error.stack}\n`));

server.on('request', provider.callback());
process.stdout.write(`listening ${issuer}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
