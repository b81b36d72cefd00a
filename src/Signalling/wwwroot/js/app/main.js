// Entry point of the web client at /: sign-in screen, then the sidebar and the chat view wired to one Store and
// one hub connection.
import { Api } from './api.js';
import { Store } from './store.js';
import { ChatHub } from './hub.js';
import { ListView } from './list-view.js';
import { ChatView } from './chat-view.js';
import { CallView } from './call-view.js';
import { CallLinks } from './call-links.js';
import { showCallbackAnswer } from './bot-buttons.js';
import { loadProviders, renderSignInButtons, renderLinkButtons, completeFromLocation, badge } from './identity.js';
import { $ } from './dom.js';

const api = new Api();
let session = null;

api.onSignedOut = () => showAuth('Your session has ended. Please sign in again.');

function showAuth(message = '') {
  session?.call.close();
  session?.hub.stop();
  session = null;
  document.body.classList.remove('chat-open');
  $('#app').hidden = true;
  $('#auth').hidden = false;
  $('#auth-error').textContent = message;
}

async function start() {
  $('#auth').hidden = true;
  $('#app').hidden = false;
  const store = new Store(api);
  const hub = new ChatHub(api, store);
  const chat = new ChatView(store, hub);
  const list = new ListView(store, target => open(target));
  const call = new CallView(store, hub, chat);
  session = { store, hub, chat, list, call };

  async function open(target) {
    list.activeId = target.conversationId ?? null;
    list.render();
    document.body.classList.add('chat-open');
    await chat.open(target);
    list.render();
  }

  hub.onState = state => {
    $('#connection').textContent = state === 'online' ? '' : state;
    $('#connection').dataset.state = state;
  };
  store.addEventListener('change', e => { if (e.detail.what !== 'typing') list.render(); });
  store.addEventListener('incoming', e => {
    const m = e.detail;
    if (m.senderId && m.senderId !== api.userId && m.conversationId !== chat.conversationId) {
      hub.invoke('MarkDelivered', m.conversationId, m.seq).catch(() => {});
    }
  });
  document.addEventListener('open-conversation', e => open(e.detail));
  hub.on('CallbackAnswer', answer => showCallbackAnswer(answer));
  document.addEventListener('list-changed', () => list.render());
  document.addEventListener('visibilitychange', () => chat.markRead());
  $('#back').onclick = () => { document.body.classList.remove('chat-open'); chat.close(); list.activeId = null; list.render(); };
  $('#call-start').onclick = () => call.start(chat.conversationId);
  $('#sign-out').onclick = async () => { await api.logout(); showAuth(); };

  try {
    await store.load();
    const mark = badge(store.me);
    $('#me-name').replaceChildren(store.me.displayName, ...(mark ? [' ', mark] : []));
    renderLinkButtons(api, await providers, store.me);
    list.render();
    await hub.start();
    // Opened from a call link (or one pasted into the address bar later): join that call, now that we are signed in.
    const joinFromLink = async () => {
      const linkToken = CallLinks.tokenFromLocation();
      if (!linkToken || session?.call !== call) return;
      CallLinks.clearLocation();
      await call.joinByLink(linkToken);
    };
    window.onhashchange = () => { joinFromLink(); };
    await joinFromLink();
  } catch (e) {
    if (!api.signedIn) return;
    $('#connection').textContent = `offline: ${e.message}`;
  }
}

function setupAuth() {
  let registering = false;
  const toggle = () => {
    registering = !registering;
    $('#auth-form').classList.toggle('registering', registering);
    $('#display-name').required = registering;
    $('#auth-submit').textContent = registering ? 'Create account' : 'Sign in';
    $('#auth-toggle').textContent = registering ? 'I have an account' : 'Create an account';
    $('#auth-error').textContent = '';
  };
  $('#auth-toggle').onclick = toggle;
  $('#auth-form').onsubmit = async e => {
    e.preventDefault();
    const username = $('#username').value.trim().toLowerCase();
    const password = $('#password').value;
    $('#auth-submit').disabled = true;
    try {
      if (registering) await api.register(username, password, $('#display-name').value.trim() || username);
      await api.login(username, password);
      $('#password').value = '';
      if (registering) toggle();
      await start();
    } catch (error) {
      const fields = error.problem?.errors ? Object.values(error.problem.errors).flat() : [];
      $('#auth-error').textContent = fields.length ? fields.join(' ') : error.message;
    } finally {
      $('#auth-submit').disabled = false;
    }
  };
}

const providers = loadProviders(api);
providers.then(list => renderSignInButtons(api, list));

async function boot() {
  setupAuth();
  try {
    // Back from an identity provider: redeem the one-time code first (it may sign us in).
    await completeFromLocation(api);
  } catch (e) {
    if (!api.signedIn) { showAuth(`Sign-in failed: ${e.message}`); return; }
    $('#connection').textContent = `Verification failed: ${e.message}`;
  }
  if (api.signedIn) start(); else showAuth();
}

boot();
