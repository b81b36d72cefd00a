// Call links (docs/protocol.md, "Call links"): during a group call a member shares a link that lets someone join
// while the call lasts. The link expires on its own (Calls:LinkLifetime) and its creator can revoke it at once.
// The link is this page with `#join=<token>`; opening it signed in joins the call (main.js).
import { $ } from './dom.js';

const JoinPrefix = '#join=';

export class CallLinks {
  constructor(api) {
    this.api = api;
    this.current = null; // {token, expiresAt, conversationId} of the link shown
    $('#call-link-revoke').onclick = () => this.revoke();
  }

  /** The token of a call link this page was opened with, or null. */
  static tokenFromLocation() {
    return location.hash.startsWith(JoinPrefix) ? decodeURIComponent(location.hash.slice(JoinPrefix.length)) : null;
  }

  static clearLocation() {
    if (location.hash.startsWith(JoinPrefix)) history.replaceState(null, '', location.pathname + location.search);
  }

  /** Creates a link for the conversation's call and shows it (and copies it when the browser lets us). */
  async share(conversationId) {
    const link = await this.api.post('/api/calls/links', { conversationId });
    this.current = link;
    const url = `${location.origin}${location.pathname}${JoinPrefix}${encodeURIComponent(link.token)}`;
    $('#call-link-url').value = url;
    $('#call-link-expires').textContent = `Expires ${new Date(link.expiresAt).toLocaleString()}`;
    $('#call-link-panel').hidden = false;
    $('#call-link-url').select();
    try { await navigator.clipboard?.writeText(url); } catch { /* clipboard needs permission; the field is selected */ }
    return url;
  }

  async revoke() {
    const link = this.current;
    if (!link) return;
    await this.api.request('DELETE', `/api/calls/links/${encodeURIComponent(link.token)}`);
    this.hide();
  }

  hide() {
    this.current = null;
    $('#call-link-panel').hidden = true;
    $('#call-link-url').value = '';
  }

  /** Joins the call a link points to; resolves with the CallJoin. */
  join(token) {
    return this.api.post(`/api/calls/links/${encodeURIComponent(token)}/join`, {});
  }
}
