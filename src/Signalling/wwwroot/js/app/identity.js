// Verified identity (docs/identity.md): "Sign in with …" buttons for the configured OpenID Connect providers, the
// round trip back (the host redirects to /#identity_code=…, a one-time code redeemed here), linking a provider to the
// signed-in account, and the badges shown next to names: ✔ for an identity a provider vouched for, "bot" for
// service accounts.
import { el, $ } from './dom.js';

const CodePrefix = '#identity_code=';

/** The providers this server offers ([] when none or unreachable). */
export async function loadProviders(api) {
  try { return await api.request('GET', '/api/identity/providers', undefined, false); } catch { return []; }
}

/** Shows one "Sign in with …" button per provider under the password form. */
export function renderSignInButtons(api, providers) {
  const box = $('#identity-providers');
  box.replaceChildren(...providers.map(p => el('button', {
    type: 'button', class: 'identity-provider', dataset: { provider: p.name },
    onclick: () => begin(api, p.name, 'login').catch(e => { $('#auth-error').textContent = e.message; }),
  }, `Sign in with ${p.displayName}`)));
  box.hidden = providers.length === 0;
}

/** In the app: "Verify with …" for an account without a badge (links the provider to it). */
export function renderLinkButtons(api, providers, me) {
  const box = $('#identity-link');
  const show = providers.length > 0 && !me?.verified && !me?.isBot;
  box.replaceChildren(...(show ? providers.map(p => el('button', {
    type: 'button', class: 'link identity-link', dataset: { provider: p.name },
    onclick: () => begin(api, p.name, 'link').catch(e => { $('#connection').textContent = e.message; }),
  }, `Verify with ${p.displayName}`)) : []));
  box.hidden = !show;
}

async function begin(api, provider, mode) {
  const body = { mode, deviceName: `Web · ${navigator.platform || 'browser'}` };
  const started = await api.request('POST', `/api/identity/${encodeURIComponent(provider)}/start`, body, mode === 'link');
  location.assign(started.authorizationUrl);
}

/**
 * Back from the provider: redeems the one-time code. For a sign-in it saves our tokens (resolves true: start the
 * app); for a link the session is unchanged. Throws with the server's message when the code is refused.
 */
export async function completeFromLocation(api) {
  if (!location.hash.startsWith(CodePrefix)) return false;
  const code = decodeURIComponent(location.hash.slice(CodePrefix.length));
  history.replaceState(null, '', location.pathname + location.search);
  const result = await api.request('POST', '/api/identity/complete', { code }, api.signedIn);
  if (result.tokens) api.save({ ...result.tokens, obtainedAt: Date.now() });
  return true;
}

/** ✔ with who vouched, or "bot"; null for everyone else. */
export function badge(user) {
  if (user?.isBot) return el('span', { class: 'badge-bot', title: 'Service account' }, 'bot');
  const v = user?.verified;
  if (!v) return null;
  const checked = v.documentsChecked ? ', identity documents checked' : '';
  return el('span', { class: 'badge-verified', title: `Verified by ${v.provider}: ${v.fullName ?? ''}${checked}` }, '✔');
}
