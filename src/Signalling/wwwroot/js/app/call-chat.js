// The chat panel inside the call view: the call's conversation, drawn by the chat view's own renderMessage and sent
// through its send path, so messages look and behave the same in and out of a call. Replies, reactions and edits
// stay in the chat view; the panel is for a quick line while talking.
import { $ } from './dom.js';
import { hubErrorText } from './hub.js';

export class CallChat {
  constructor(store, hub, chatView) {
    this.store = store;
    this.hub = hub;
    this.chatView = chatView;
    this.conversationId = null;
    $('#call-chat-toggle').onclick = () => this.toggle();
    $('#call-composer').addEventListener('submit', e => { e.preventDefault(); this.submit(); });
    store.addEventListener('change', e => {
      if (this.conversationId && e.detail.conversationId === this.conversationId && e.detail.what !== 'typing') this.render();
    });
  }

  get visible() { return !$('#call-chat').hidden; }

  /** A call starts in this conversation: the panel starts closed, with an empty composer. */
  attach(conversationId) {
    this.conversationId = conversationId;
    $('#call-chat-input').value = '';
    $('#call-chat-error').textContent = '';
    this.show(false);
  }

  detach() {
    this.show(false);
    this.conversationId = null;
    $('#call-messages').replaceChildren();
  }

  async toggle() {
    if (!this.conversationId) return;
    this.show(!this.visible);
    if (!this.visible) return;
    try { await this.store.openHistory(this.conversationId); } catch (e) { this.error(hubErrorText(e)); }
    this.render();
    $('#call-chat-input').focus();
  }

  show(open) {
    $('#call-chat').hidden = !open;
    $('#call-chat-toggle').setAttribute('aria-pressed', String(open));
  }

  render() {
    if (!this.visible) return;
    const map = this.store.messages.get(this.conversationId);
    if (!map) return;
    const entry = this.store.conversations.get(this.conversationId);
    const box = $('#call-messages');
    const messages = [...map.values()].sort((a, b) => a.seq - b.seq);
    box.replaceChildren(...messages.map(m => this.chatView.renderMessage(m, map, entry)));
    box.scrollTop = box.scrollHeight;
    this.markRead(entry);
  }

  async submit() {
    const input = $('#call-chat-input');
    const text = input.value.trim();
    if (!text || !this.conversationId) return;
    try {
      await this.chatView.send({ conversationId: this.conversationId }, text);
      input.value = '';
      this.error('');
      this.store.changed('message', this.conversationId); // the chat view and the list show it too
    } catch (e) {
      this.error(hubErrorText(e));
    }
  }

  // Reading it in the panel is reading it: the same MarkRead the chat view sends for the open conversation.
  markRead(entry) {
    if (!entry || document.visibilityState !== 'visible') return;
    const last = entry.conversation.lastSeq;
    if (last <= entry.readSeq) return;
    entry.readSeq = last;
    entry.unreadCount = 0;
    this.hub.invoke('MarkRead', this.conversationId, last).catch(() => { entry.readSeq = 0; });
    document.dispatchEvent(new CustomEvent('list-changed'));
  }

  error(text) { $('#call-chat-error').textContent = text; }
}
