// Client-side state: conversations, loaded messages, receipts, typing. Every change from the server (history, sync
// pages, live hub pushes) goes through apply(), so catch-up and live delivery share one code path.

export class Store extends EventTarget {
  constructor(api) {
    super();
    this.api = api;
    this.me = null;
    this.users = new Map();
    this.conversations = new Map();
    this.messages = new Map(); // conversationId -> Map(seq -> message), only for opened conversations
    this.typing = new Map(); // conversationId -> Map(userId -> expiry ms)
    this.cursorKey = `messenger.cursor.${api.userId}`;
    this.cursor = Number(localStorage.getItem(this.cursorKey) || 0);
  }

  changed(what, conversationId) {
    this.dispatchEvent(new CustomEvent('change', { detail: { what, conversationId } }));
  }

  async user(id) {
    if (!id) return null;
    if (!this.users.has(id)) {
      this.users.set(id, this.api.get(`/api/users/${id}`).catch(() => ({ id, displayName: 'Unknown', username: '' })));
    }
    return this.users.get(id);
  }

  userNow(id) {
    const u = this.users.get(id);
    return u && !(u instanceof Promise) ? u : null;
  }

  async cacheUser(id) {
    const u = await this.user(id);
    this.users.set(id, u);
    return u;
  }

  async load() {
    this.me = await this.api.get('/api/users/me');
    this.users.set(this.me.id, this.me);
    const list = await this.api.get('/api/conversations');
    await Promise.all(list.map(summary => this.addSummary(summary)));
    this.changed('list');
  }

  async addSummary(summary) {
    const id = summary.conversation.id;
    const existing = this.conversations.get(id);
    const entry = { peerReadSeq: 0, peerDeliveredSeq: 0, last: null, ...existing, ...summary };
    this.conversations.set(id, entry);
    const jobs = [];
    if (summary.peerId) jobs.push(this.cacheUser(summary.peerId));
    if (!entry.last && entry.conversation.lastSeq > 0) {
      jobs.push(this.api.get(`/api/conversations/${id}/messages?limit=1`)
        .then(page => { if (page.items.length) this.noteLast(entry, page.items[page.items.length - 1]); }));
    }
    if (entry.conversation.kind !== 'channel') {
      jobs.push(this.api.get(`/api/conversations/${id}/members`).then(members => {
        for (const m of members) if (m.userId !== this.api.userId) this.notePeerReceipt(entry, m);
      }).catch(() => {}));
    }
    await Promise.all(jobs);
  }

  noteLast(entry, message) {
    if (!entry.last || message.seq >= entry.last.seq) entry.last = message;
  }

  notePeerReceipt(entry, receipt) {
    entry.peerReadSeq = Math.max(entry.peerReadSeq, receipt.readSeq);
    entry.peerDeliveredSeq = Math.max(entry.peerDeliveredSeq, receipt.deliveredSeq, receipt.readSeq);
  }

  title(entry) {
    if (entry.conversation.title) return entry.conversation.title;
    const peer = this.userNow(entry.peerId);
    return peer ? peer.displayName : 'Direct chat';
  }

  sortedConversations() {
    const at = e => (e.last ? Date.parse(e.last.sentAt) : Date.parse(e.conversation.createdAt));
    return [...this.conversations.values()].sort((a, b) => at(b) - at(a));
  }

  async openHistory(conversationId) {
    if (this.messages.has(conversationId)) return;
    const page = await this.api.get(`/api/conversations/${conversationId}/messages?limit=100`);
    const map = new Map();
    for (const m of page.items) map.set(m.seq, m);
    this.messages.set(conversationId, map);
    await Promise.all([...new Set(page.items.map(m => m.senderId).filter(Boolean))].map(id => this.cacheUser(id)));
    this.changed('messages', conversationId);
  }

  putMessage(message) {
    const map = this.messages.get(message.conversationId);
    if (map) {
      const old = map.get(message.seq);
      // Live pushes carry no reaction totals (history only), so an edit keeps the ones already counted.
      map.set(message.seq, { ...message, reactions: old?.reactions ?? message.reactions ?? [] });
    }
    const entry = this.conversations.get(message.conversationId);
    if (entry) {
      entry.conversation.lastSeq = Math.max(entry.conversation.lastSeq, message.seq);
      if (!entry.last || message.seq >= entry.last.seq) entry.last = message;
    }
  }

  async apply(update) {
    if (update.cursor <= this.cursor) return; // seen already: live push and sync may overlap
    this.cursor = update.cursor;
    localStorage.setItem(this.cursorKey, String(this.cursor));
    const d = update.data;
    const cid = update.conversationId ?? d?.conversationId ?? d?.conversation?.id;
    switch (update.kind) {
      case 'message.new': {
        if (d.senderId) await this.cacheUser(d.senderId);
        if (!this.conversations.has(cid)) await this.refreshSummary(cid);
        const entry = this.conversations.get(cid);
        const isNew = entry && d.seq > entry.conversation.lastSeq;
        this.putMessage(d);
        this.typing.get(cid)?.delete(d.senderId); // their message ends their typing
        if (entry && isNew && d.senderId && d.senderId !== this.api.userId && d.seq > entry.readSeq) {
          entry.unreadCount = entry.conversation.lastSeq - entry.readSeq;
        }
        if (entry && d.senderId === this.api.userId) {
          entry.readSeq = Math.max(entry.readSeq, d.seq);
          entry.unreadCount = entry.conversation.lastSeq - entry.readSeq;
        }
        this.changed('message', cid);
        this.dispatchEvent(new CustomEvent('incoming', { detail: d }));
        break;
      }
      case 'document.updated': {
        const m = this.messages.get(cid)?.get(d.seq);
        if (m) m.document = d.document;
        this.changed('message', cid);
        break;
      }
      case 'message.edited':
        this.putMessage(d);
        this.changed('message', cid);
        break;
      case 'message.deleted': {
        const m = this.messages.get(cid)?.get(d.seq);
        if (m) { m.deleted = true; m.text = ''; m.attachments = []; }
        const entry = this.conversations.get(cid);
        if (entry?.last?.seq === d.seq) entry.last = { ...entry.last, deleted: true, text: '' };
        this.changed('message', cid);
        break;
      }
      case 'message.hidden':
        this.messages.get(cid)?.delete(d.seq);
        this.changed('message', cid);
        break;
      case 'reaction.added':
      case 'reaction.removed': {
        const m = this.messages.get(cid)?.get(d.seq);
        if (m) {
          const add = update.kind === 'reaction.added';
          const mine = d.userId === this.api.userId;
          const list = m.reactions ?? (m.reactions = []);
          let r = list.find(x => x.emoji === d.emoji);
          if (!r && add) list.push(r = { emoji: d.emoji, count: 0, mine: false });
          if (r) {
            r.count += add ? 1 : -1;
            if (mine) r.mine = add;
            if (r.count <= 0) list.splice(list.indexOf(r), 1);
          }
          this.changed('message', cid);
        }
        break;
      }
      case 'receipt': {
        const entry = this.conversations.get(cid);
        if (!entry) break;
        if (d.userId === this.api.userId) {
          entry.readSeq = Math.max(entry.readSeq, d.readSeq);
          entry.deliveredSeq = Math.max(entry.deliveredSeq, d.deliveredSeq);
          entry.unreadCount = d.unreadCount;
        } else {
          this.notePeerReceipt(entry, d);
        }
        this.changed('receipt', cid);
        break;
      }
      case 'conversation.added':
        await this.addSummary({ conversation: d.conversation, role: d.role, peerId: d.peerId,
          readSeq: 0, deliveredSeq: 0, unreadCount: d.conversation.lastSeq });
        await this.refreshSummary(d.conversation.id);
        this.changed('list');
        break;
      case 'conversation.removed':
        this.conversations.delete(cid);
        this.messages.delete(cid);
        this.changed('list');
        break;
      case 'conversation.updated': {
        const entry = this.conversations.get(d.id);
        if (entry) entry.conversation = { ...entry.conversation, ...d };
        this.changed('list');
        break;
      }
      default:
        break; // member.* and pins change nothing this client shows yet
    }
  }

  async refreshSummary(conversationId) {
    try {
      await this.addSummary(await this.api.get(`/api/conversations/${conversationId}`));
    } catch {
      // Gone again (left or removed): a later update says so.
    }
  }

  noteTyping(conversationId, userId) {
    if (userId === this.api.userId) return;
    const map = this.typing.get(conversationId) ?? new Map();
    map.set(userId, Date.now() + 5000);
    this.typing.set(conversationId, map);
    this.cacheUser(userId).then(() => this.changed('typing', conversationId));
    setTimeout(() => this.changed('typing', conversationId), 5100);
  }

  typers(conversationId) {
    const now = Date.now();
    const map = this.typing.get(conversationId);
    if (!map) return [];
    return [...map].filter(([, until]) => until > now).map(([id]) => this.userNow(id)?.displayName ?? 'Someone');
  }
}
