// The sidebar: conversation list (unread badge, last message), people search, starting a direct chat or a group.
import { el, $, clock, preview } from './dom.js';
import { badge } from './identity.js';

export class ListView {
  constructor(store, onOpen) {
    this.store = store;
    this.onOpen = onOpen; // ({conversationId} | {peer})
    this.activeId = null;
    this.groupPicks = new Map();
    this.searchTimer = 0;
    $('#search').addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.search(), 200);
    });
    $('#group-create').addEventListener('click', () => this.createGroup());
    $('#group-cancel').addEventListener('click', () => { this.groupPicks.clear(); this.renderGroupBar(); });
  }

  render() {
    const list = $('#conversations');
    const items = this.store.sortedConversations().map(entry => {
      const id = entry.conversation.id;
      const unread = entry.unreadCount > 0 ? el('span', { class: 'badge' }, String(entry.unreadCount)) : null;
      return el('li', { class: `conversation${id === this.activeId ? ' active' : ''}`, dataset: { id },
        onclick: () => this.onOpen({ conversationId: id }) },
        el('div', { class: 'avatar' }, initials(this.store.title(entry))),
        el('div', { class: 'summary' },
          el('div', { class: 'row' },
            el('span', { class: 'title' }, this.store.title(entry),
              entry.peerId ? badge(this.store.userNow(entry.peerId)) : null),
            el('span', { class: 'time' }, entry.last ? clock(entry.last.sentAt) : '')),
          el('div', { class: 'row' },
            el('span', { class: 'last' }, preview(this.store, entry.last)), unread)));
    });
    list.replaceChildren(...items);
    $('#empty-list').hidden = items.length > 0;
  }

  async search() {
    const query = $('#search').value.trim();
    const box = $('#search-results');
    if (!query) { box.replaceChildren(); return; }
    let page;
    try {
      page = await this.store.api.get(`/api/users?query=${encodeURIComponent(query)}&limit=10`);
    } catch {
      return;
    }
    const people = page.items.filter(u => u.id !== this.store.api.userId);
    box.replaceChildren(...people.map(user => {
      this.store.users.set(user.id, user);
      return el('li', { class: 'person', dataset: { username: user.username } },
        el('div', { class: 'avatar' }, initials(user.displayName)),
        el('div', { class: 'summary' }, el('span', { class: 'title' }, user.displayName, badge(user)),
          el('span', { class: 'last' }, `@${user.username}`)),
        el('button', { class: 'start-chat', title: 'Message', onclick: () => this.startDirect(user) }, 'Chat'),
        el('button', { class: 'add-to-group', title: 'Add to a new group', onclick: () => this.pick(user) }, '+ Group'));
    }), ...(people.length ? [] : [el('li', { class: 'hint' }, 'Nobody found')]));
  }

  clearSearch() {
    $('#search').value = '';
    $('#search-results').replaceChildren();
  }

  startDirect(user) {
    this.clearSearch();
    const existing = [...this.store.conversations.values()].find(e => e.conversation.kind === 'direct' && e.peerId === user.id);
    this.onOpen(existing ? { conversationId: existing.conversation.id } : { peer: user });
  }

  pick(user) {
    this.groupPicks.set(user.id, user);
    this.renderGroupBar();
  }

  renderGroupBar() {
    const bar = $('#group-bar');
    bar.hidden = this.groupPicks.size === 0;
    $('#group-members').replaceChildren(...[...this.groupPicks.values()].map(u =>
      el('span', { class: 'chip', onclick: () => { this.groupPicks.delete(u.id); this.renderGroupBar(); } }, `${u.displayName} ×`)));
  }

  async createGroup() {
    const title = $('#group-title').value.trim() || [...this.groupPicks.values()].map(u => u.displayName).join(', ');
    const conversation = await this.store.api.post('/api/conversations',
      { kind: 'group', title: title.slice(0, 128), memberIds: [...this.groupPicks.keys()] });
    this.groupPicks.clear();
    $('#group-title').value = '';
    this.renderGroupBar();
    this.clearSearch();
    await this.store.refreshSummary(conversation.id);
    this.render();
    this.onOpen({ conversationId: conversation.id });
  }
}

export function initials(name) {
  return (name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map(w => [...w][0].toUpperCase()).join('');
}
