// A real OpenID Provider on loopback for CE Tracker's single sign-on tests and demo: `oidc-provider`
// (OpenID Certified), configured as a society's member system would be: its own sign-in form, members'
// claims (member number, membership status, certification date, groups), RP-initiated logout.
//
//   node tests/oidc/provider.mjs CONFIG.json
//
// CONFIG names the issuer and port, the registered clients, the accounts file and the signing keys file
// (a private JWKS; the first key signs). The accounts file is read again at each look-up, so a test can change
// a person's claims "at the society" while the provider runs. Prints "READY <issuer>" once it listens.

import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const society = config.societyName || 'Society';

function accounts() {
  return JSON.parse(readFileSync(config.accountsFile, 'utf8'));
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;margin:0;padding:1em;background:#f3f1ec}main{max-width:26em;margin:2em auto;
background:#fff;padding:1em 1.5em;border-radius:6px}label{display:block;margin-top:1em}input{width:100%;min-height:44px;
font-size:16px;box-sizing:border-box}button{min-height:44px;width:100%;margin-top:1em;font-size:16px}
.error{color:#a00}</style></head><body><main>${body}</main></body></html>`;
}

function loginForm(uid, client, error) {
  return layout(`${society} sign-in`, `<h1>${escape(society)} member sign-in</h1>
<p>Sign in to continue to ${escape(client)}.</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="username">${escape(society)} username</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">${escape(society)} password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`);
}

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: JSON.parse(readFileSync(config.keysFile, 'utf8')),
  cookies: { keys: ['test-provider-cookie-key-not-secret'] },
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    membership: Object.keys(config.membershipClaims || {}).length
      ? config.membershipClaims : ['member_number', 'membership_status', 'certified_on', 'groups'],
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = layout(`Sign out of ${society}`, `<h1>Sign out of your ${escape(society)} account?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = layout('Signed out', `<h1>You are signed out of ${escape(society)}</h1>`);
      },
    },
  },
  // The society's own tools need no consent screen: the member already agreed to the society's terms.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
    await grant.save();
    return grant;
  },
  findAccount: async (ctx, sub) => {
    const person = accounts().find((a) => a.sub === sub);
    if (!person) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...person.claims }) };
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = layout('Sign-in error', `<h1>Sign-in error</h1>${Object.entries(out)
      .map(([k, v]) => `<p><strong>${escape(k)}</strong>: ${escape(v)}</p>`).join('')}`);
  },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 300, AuthorizationCode: 60, IdToken: 300 },
});

// The sign-in form: the provider's own page, outside CE Tracker.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!match) return next();
  ctx.set('cache-control', 'no-store');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const client = (await provider.Client.find(details.params.client_id))?.clientName || details.params.client_id;
  if (ctx.method === 'GET' && !match[2]) {
    ctx.type = 'html';
    ctx.body = loginForm(details.uid, client, '');
    return undefined;
  }
  if (ctx.method !== 'POST' || !match[2]) return next();
  const form = await formBody(ctx.req);
  const person = accounts().find((a) => a.username === form.get('username') && a.password === form.get('password'));
  if (!person) {
    ctx.type = 'html';
    ctx.body = loginForm(details.uid, client, 'Wrong username or password.');
    return undefined;
  }
  const to = await provider.interactionResult(ctx.req, ctx.res, { login: { accountId: person.sub } },
    { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(to);
  return undefined;
});

provider.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`READY ${config.issuer}\n`);
});
