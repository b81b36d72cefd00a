// REST access for the web client: keeps the session in localStorage and refreshes the access token once when a
// call answers 401 (docs/protocol.md, Authentication: a refresh token is single-use, so refreshes are serialised).

const SessionKey = 'messenger.session';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export class Api {
  constructor() {
    this.session = JSON.parse(localStorage.getItem(SessionKey) || 'null');
    this.refreshing = null;
    this.onSignedOut = () => {};
  }

  get signedIn() { return this.session !== null; }
  get userId() { return this.session?.userId; }

  save(session) {
    this.session = session;
    if (session) {
      localStorage.setItem(SessionKey, JSON.stringify(session));
    } else {
      localStorage.removeItem(SessionKey);
    }
  }

  async register(username, password, displayName) {
    await this.request('POST', '/api/auth/register', { username, password, displayName }, false);
  }

  async login(username, password) {
    const tokens = await this.request('POST', '/api/auth/login',
      { username, password, deviceName: `Web · ${navigator.platform || 'browser'}` }, false);
    this.save({ ...tokens, obtainedAt: Date.now() });
  }

  async logout() {
    try { await this.request('POST', '/api/auth/logout'); } catch { /* the device is gone either way */ }
    this.save(null);
  }

  // The hub asks for a token on every (re)connect; hand it one that is not about to expire.
  async accessToken() {
    const s = this.session;
    if (s && Date.now() > s.obtainedAt + (s.expiresIn - 30) * 1000) {
      await this.refresh();
    }
    return this.session?.accessToken ?? '';
  }

  refresh() {
    this.refreshing ??= (async () => {
      try {
        const tokens = await this.request('POST', '/api/auth/refresh', { refreshToken: this.session?.refreshToken }, false);
        this.save({ ...this.session, ...tokens, obtainedAt: Date.now() });
      } catch (e) {
        this.save(null);
        this.onSignedOut();
        throw e;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  get(path) { return this.request('GET', path); }
  post(path, body) { return this.request('POST', path, body); }

  async request(method, path, body, authorised = true, retried = false) {
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (authorised && this.session) headers.Authorization = `Bearer ${this.session.accessToken}`;
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401 && authorised && !retried && this.session) {
      await this.refresh();
      return this.request(method, path, body, authorised, true);
    }
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }
}
