// The open conversation: message list with replies, reactions, edits, deletions and read ticks, the composer, and
// the typing line. A chat with someone new has no conversation yet: the first Send goes by toUserId and the server
// creates the direct conversation (docs/protocol.md, Chat model).
import { el, $, clock, newId, systemText } from './dom.js';
import { hubErrorText } from './hub.js';
import { renderAttachment, uploadFile } from './attachments.js';
import { badge } from './identity.js';
import { renderDocument, sendDocument } from './documents.js';
import { renderInlineKeyboard } from './bot-buttons.js';

const QuickReactions = ['👍', '❤️', '😂', '😮', '😢'];

export class ChatView {
  constructor(store, hub) {
    this.store = store;
    this.hub = hub;
    this.conversationId = null;
    this.peer = null; // set while chatting with someone before the first message
    this.replyTo = null;
    this.editing = null;
    this.lastTypingSent = 0;
    const input = $('#composer-input');
    $('#composer').addEventListener('submit', e => { e.preventDefault(); this.submit(); });
    $('#attach').onclick = () => $('#attach-file').click();
    $('#attach-file').onchange = () => this.sendFiles();
    $('#attach-document').onclick = () => $('#document-file').click();
    $('#document-file').onchange = () => this.sendDocumentFile();
    input.addEventListener('input', () => this.typed());
    input.addEventListener('keydown', e => {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); this.submit(); }
      if (e.key === 'Escape') this.cancelCompose();
    });
    $('#compose-cancel').addEventListener('click', () => this.cancelCompose());
    store.addEventListener('change', e => this.onChange(e.detail));
  }

  async open(target) {
    this.conversationId = target.conversationId ?? null;
    this.peer = target.peer ?? null;
    this.cancelCompose();
    $('#chat-empty').hidden = true;
    $('#chat-pane').hidden = false;
    $('#messages').replaceChildren();
    this.renderHeader();
    if (this.conversationId) {
      await this.store.openHistory(this.conversationId);
      this.render();
      this.markRead();
    }
    $('#composer-input').focus();
  }

  close() {
    this.conversationId = null;
    this.peer = null;
    $('#chat-pane').hidden = true;
    $('#chat-empty').hidden = false;
  }

  entry() { return this.store.conversations.get(this.conversationId); }

  onChange({ what, conversationId }) {
    if (!this.conversationId || conversationId !== this.conversationId) return;
    if (what === 'typing') { this.renderTyping(); return; }
    this.render();
    if (what === 'message') this.markRead();
  }

  renderHeader() {
    const entry = this.entry();
    const peer = entry?.peerId ? this.store.userNow(entry.peerId) : this.peer;
    const mark = badge(peer);
    $('#chat-title').replaceChildren(entry ? this.store.title(entry) : this.peer?.displayName ?? '', ...(mark ? [' ', mark] : []));
    const sub = entry?.conversation.kind === 'group' ? `${entry.conversation.memberCount} members`
      : entry?.peerId ? `@${this.store.userNow(entry.peerId)?.username ?? ''}` : this.peer ? `@${this.peer.username}` : '';
    $('#chat-subtitle').textContent = sub;
    // A chat with someone new has no conversation to call in until the first message; channels have no calls.
    $('#call-start').hidden = !entry || entry.conversation.kind === 'channel' || peer?.isBot === true; // bots take no calls
    this.renderTyping();
  }

  renderTyping() {
    const names = this.conversationId ? this.store.typers(this.conversationId) : [];
    $('#typing').textContent = names.length ? `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…` : '';
  }

  render() {
    this.renderHeader();
    const box = $('#messages');
    const map = this.store.messages.get(this.conversationId);
    if (!map) return;
    const stick = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    const messages = [...map.values()].sort((a, b) => a.seq - b.seq);
    box.replaceChildren(...messages.map(m => this.renderMessage(m, map)));
    if (stick || !this.rendered) box.scrollTop = box.scrollHeight;
    this.rendered = true;
  }

  // `entry` is the message's conversation: the open chat's by default, the call's for the in-call chat panel.
  renderMessage(m, map, entry = this.entry()) {
    if (m.kind === 'system') {
      return el('div', { class: 'msg system', dataset: { seq: m.seq } }, systemText(this.store, m));
    }
    const mine = m.senderId === this.store.api.userId;
    const group = entry?.conversation.kind !== 'direct';
    const replied = m.replyToSeq ? map.get(m.replyToSeq) : null;
    const status = !mine ? null
      : entry && entry.peerReadSeq >= m.seq ? 'read'
        : entry && entry.peerDeliveredSeq >= m.seq ? 'delivered' : 'sent';
    const ticks = { sent: '✓', delivered: '✓✓', read: '✓✓' };
    return el('div', { class: `msg${mine ? ' mine' : ''}${m.deleted ? ' deleted' : ''}`, dataset: { seq: m.seq },
      onclick: e => { if (!e.target.closest('button')) e.currentTarget.classList.toggle('show-actions'); } },
      group && !mine ? el('div', { class: 'sender' }, this.store.userNow(m.senderId)?.displayName ?? '') : null,
      m.replyToSeq ? el('div', { class: 'reply-quote' }, replied
        ? `${this.store.userNow(replied.senderId)?.displayName ?? ''}: ${replied.deleted ? 'Message deleted' : replied.text}`
        : 'Earlier message') : null,
      m.document ? null : el('div', { class: 'text' }, m.deleted ? 'Message deleted' : m.text),
      m.document ? renderDocument(this.store, m) : null,
      ...(m.deleted || m.document ? [] : (m.attachments ?? []).map(a => renderAttachment(this.store.api, a))),
      renderInlineKeyboard(this.store.api, m),
      el('div', { class: 'meta' },
        m.editedAt && !m.deleted ? el('span', { class: 'edited' }, 'edited') : null,
        el('span', { class: 'time' }, clock(m.sentAt)),
        status ? el('span', { class: `tick ${status}`, dataset: { status }, title: status }, ticks[status]) : null),
      (m.reactions?.length && !m.deleted) ? el('div', { class: 'reactions' }, m.reactions.map(r =>
        el('button', { class: `reaction${r.mine ? ' mine' : ''}`, onclick: () => this.react(m, r.emoji, !r.mine) },
          `${r.emoji} ${r.count}`))) : null,
      m.deleted ? null : el('div', { class: 'actions' },
        el('button', { class: 'act-reply', onclick: () => this.startReply(m) }, 'Reply'),
        ...QuickReactions.map(emoji => el('button', { class: 'act-react', onclick: () => this.react(m, emoji, true) }, emoji)),
        mine ? el('button', { class: 'act-edit', onclick: () => this.startEdit(m) }, 'Edit') : null,
        mine || (group && entry?.role !== 'member')
          ? el('button', { class: 'act-delete', onclick: () => this.remove(m) }, 'Delete') : null));
  }

  startReply(m) {
    this.editing = null;
    this.replyTo = m;
    this.showComposeBar(`Replying to ${this.store.userNow(m.senderId)?.displayName ?? ''}: ${m.text}`);
  }

  startEdit(m) {
    this.replyTo = null;
    this.editing = m;
    $('#composer-input').value = m.text;
    this.showComposeBar('Editing message');
  }

  showComposeBar(text) {
    $('#compose-bar-text').textContent = text;
    $('#compose-bar').hidden = false;
    $('#composer-input').focus();
  }

  cancelCompose() {
    if (this.editing) $('#composer-input').value = '';
    this.replyTo = null;
    this.editing = null;
    $('#compose-bar').hidden = true;
  }

  async submit() {
    const input = $('#composer-input');
    const text = input.value.trim();
    if (!text) return;
    try {
      if (this.editing) {
        await this.hub.invoke('Edit', this.editing.conversationId, this.editing.seq, text);
      } else {
        const target = this.conversationId ? { conversationId: this.conversationId } : { toUserId: this.peer.id };
        const sent = await this.send(target, text, this.replyTo?.seq ?? null);
        if (!this.conversationId) {
          await this.store.refreshSummary(sent.message.conversationId);
          this.dispatchOpen(sent.message.conversationId);
          return;
        }
        this.render();
      }
      input.value = '';
      this.cancelCompose();
      this.showError('');
    } catch (e) {
      this.showError(hubErrorText(e));
    }
  }

  /** Uploads the picked files and sends them as one message, with the composer's text as its caption. */
  async sendFiles() {
    const picker = $('#attach-file');
    const files = [...picker.files];
    picker.value = '';
    if (files.length === 0 || !this.conversationId) return;
    try {
      const uploaded = [];
      for (const file of files) uploaded.push(await uploadFile(this.store.api, file));
      const text = $('#composer-input').value.trim();
      const sent = await this.sendWithRetry({ clientMessageId: newId(), text, replyToSeq: this.replyTo?.seq ?? null,
        conversationId: this.conversationId, attachmentIds: uploaded.map(a => a.id) });
      this.store.putMessage(sent.message);
      $('#composer-input').value = '';
      this.cancelCompose();
      this.render();
      this.showError('');
    } catch (e) {
      this.showError(e instanceof Error && !String(e.message).includes('HubException') ? e.message : hubErrorText(e));
    }
  }

  /** Sends the picked file as a document (docs/signatures.md), with the composer's text as its title. */
  async sendDocumentFile() {
    const picker = $('#document-file');
    const file = picker.files[0];
    picker.value = '';
    if (!file || !this.conversationId) return;
    try {
      const posted = await sendDocument(this.store.api, this.conversationId, file, $('#composer-input').value.trim());
      this.store.putMessage(posted.message ?? posted);
      $('#composer-input').value = '';
      this.render();
      this.showError('');
    } catch (e) {
      this.showError(e.message);
    }
  }

  /** Sends a new message to `{conversationId}` or `{toUserId}` and puts it in the store; the in-call panel uses it too. */
  async send(target, text, replyToSeq = null) {
    const sent = await this.sendWithRetry({ clientMessageId: newId(), text, replyToSeq, ...target });
    this.store.putMessage(sent.message);
    return sent;
  }

  dispatchOpen(conversationId) {
    $('#composer-input').value = '';
    document.dispatchEvent(new CustomEvent('open-conversation', { detail: { conversationId } }));
  }

  // At-least-once: a resend with the same clientMessageId returns the original message instead of a duplicate.
  async sendWithRetry(request) {
    try {
      return await this.hub.invoke('Send', request);
    } catch (e) {
      if (String(e?.message).includes('HubException')) throw e;
      await new Promise(resolve => setTimeout(resolve, 1500));
      return this.hub.invoke('Send', request);
    }
  }

  async react(m, emoji, add) {
    try { await this.hub.invoke('React', m.conversationId, m.seq, emoji, add); } catch (e) { this.showError(hubErrorText(e)); }
  }

  async remove(m) {
    if (!confirm('Delete this message for everyone?')) return;
    try { await this.hub.invoke('Delete', m.conversationId, m.seq, true); } catch (e) { this.showError(hubErrorText(e)); }
  }

  typed() {
    if (!this.conversationId || Date.now() - this.lastTypingSent < 3000) return;
    this.lastTypingSent = Date.now();
    this.hub.invoke('Typing', this.conversationId).catch(() => {});
  }

  markRead() {
    const entry = this.entry();
    if (!entry || document.visibilityState !== 'visible') return;
    const last = entry.conversation.lastSeq;
    if (last > entry.readSeq) {
      entry.readSeq = last;
      entry.unreadCount = 0;
      this.hub.invoke('MarkRead', this.conversationId, last).catch(() => { entry.readSeq = 0; });
      document.dispatchEvent(new CustomEvent('list-changed'));
    }
  }

  showError(text) {
    $('#chat-error').textContent = text;
  }
}
