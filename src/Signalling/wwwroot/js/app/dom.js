// Tiny DOM helpers: build elements without innerHTML, so message text is never parsed as markup.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

export const $ = selector => document.querySelector(selector);

export function clock(iso) {
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
               : d.toLocaleDateString([], { day: 'numeric', month: 'short' });
}

export function newId() {
  // crypto.randomUUID needs a secure context; plain http on a LAN address is not one.
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export function preview(store, message) {
  if (!message) return 'No messages yet';
  if (message.deleted) return 'Message deleted';
  if (message.kind === 'system') return systemText(store, message);
  const who = message.senderId === store.api.userId ? 'You: ' : '';
  const text = message.text || (message.attachments?.length ? '📎 Attachment' : '');
  return who + text;
}

export function systemText(store, message) {
  const s = message.system ?? {};
  const actor = store.userNow(s.actorId)?.displayName ?? 'Someone';
  const user = store.userNow(s.userId)?.displayName ?? 'someone';
  switch (s.type) {
    case 'created': return `${actor} created the group`;
    case 'member_joined': return `${user} joined`;
    case 'member_left': return `${user} left`;
    case 'member_removed': return `${actor} removed ${user}`;
    case 'title_changed': return `${actor} renamed the group to “${s.title}”`;
    case 'call_started': return `${actor} started a call`;
    case 'call_ended': {
      const secs = s.durationSeconds ?? 0;
      const length = secs ? ` · ${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}` : '';
      return `${s.video ? 'Video call' : 'Call'} ${s.outcome ?? 'ended'}${length}`;
    }
    default: return s.type ?? 'Event';
  }
}

let toastTimer = 0;

/** A short notice at the bottom of the screen, whatever view is open. */
export function toast(text, ms = 8000) {
  const box = document.querySelector('#toast');
  if (!box) return;
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, ms);
}
