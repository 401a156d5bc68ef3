/**
 * An access token from the development identity provider of `make start`, for curl: signs in as the given
 * development user with authorization code + PKCE, exactly as the dashboard does, and prints the token.
 *
 *   TOKEN=$(npx tsx scripts/oidc-token.ts dev-staff-ctrm)
 *   curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/v1/me
 *
 * Without an argument it lists the users. Development only: production has no such provider.
 */
import { devPrincipals } from '../api/auth';
import { PERSON_ROLES } from '../api/oidc';
import { ConfigError, loadConfig } from '../config';
import { signInWithCodeFlow } from '../identity/code-flow';

async function main(): Promise<void> {
  const config = loadConfig();
  const users = devPrincipals().filter((p) => PERSON_ROLES.includes(p.role));
  const subject = process.argv[2];
  if (!subject || !users.some((u) => u.subject === subject)) {
    process.stderr.write(
      `usage: npx tsx scripts/oidc-token.ts <user>\nusers:\n${users
        .map((u) => `  ${u.subject.padEnd(30)} ${u.role}${u.licensorBody ? `:${u.licensorBody}` : u.branch ? `:${u.branch}` : ''}`)
        .join('\n')}\n`,
    );
    process.exit(2);
  }
  if (!config.oidc.devProvider || !config.oidc.issuer)
    throw new ConfigError('no development identity provider here (OIDC_DEV_PROVIDER, OIDC_ISSUER)');
  const { accessToken } = await signInWithCodeFlow({
    issuer: config.oidc.issuer,
    clientId: config.oidc.clientId,
    redirectUri: `${config.api.publicBaseUrl}/web/`,
    subject,
  });
  process.stdout.write(`${accessToken}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`oidc-token: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
