// Attachments in the chat (docs/protocol.md, "Attachments"): uploading a picked file, and showing what a message
// carries. Downloads need the bearer token, which an <img src> cannot send, so images are fetched once and shown
// from an object URL kept for the page's lifetime (the same image re-renders without another request).
import { el } from './dom.js';

const objectUrls = new Map(); // attachment id → Promise<object URL>

/** Uploads one file; resolves with the Attachment (id, kind, fileName…). */
export async function uploadFile(api, file) {
  const token = await api.accessToken();
  let response;
  try {
    response = await fetch(`/api/attachments?name=${encodeURIComponent(file.name)}`, {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': file.type || 'application/octet-stream' }, body: file,
    });
  } catch {
    // The server answers a file up to twice its limit with a 413 naming the limit; a far larger one is refused by
    // closing the connection mid-upload, which fetch reports only as a network error (Api/OversizedBody.cs).
    throw new Error(`Couldn't upload ${file.name}: the connection closed. The file may be larger than the server accepts.`);
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    const fields = json?.errors ? Object.values(json.errors).flat() : [];
    throw new Error(fields.length ? fields.join(' ') : json?.detail ?? `Upload failed (${response.status})`);
  }
  return json;
}

/** The element for one attachment: an inline preview for images, a download link for anything else. */
export function renderAttachment(api, a) {
  if (a.kind !== 'image') {
    const link = el('a', { href: '#', class: 'file' }, `📎 ${a.fileName ?? 'file'}`);
    link.onclick = async e => { e.preventDefault(); saveAs(await objectUrlOf(api, a.id), a.fileName ?? 'file'); };
    return el('div', { class: 'attachment' }, link);
  }
  const img = el('img', { class: 'preview', alt: a.fileName ?? 'image', loading: 'lazy' });
  objectUrlOf(api, a.id).then(url => { img.src = url; }, () => { img.alt = `🖼 ${a.fileName ?? 'image'} (not available)`; });
  // Clicking opens the full picture in a new tab.
  const link = el('a', { href: '#', class: 'image-link', title: a.fileName ?? '' }, img);
  link.onclick = async e => { e.preventDefault(); window.open(await objectUrlOf(api, a.id), '_blank'); };
  return el('div', { class: 'attachment image' }, link);
}

function objectUrlOf(api, id) {
  let pending = objectUrls.get(id);
  if (!pending) {
    pending = (async () => {
      const response = await fetch(`/api/attachments/${encodeURIComponent(id)}`, {
        headers: { Authorization: `Bearer ${await api.accessToken()}` },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return URL.createObjectURL(await response.blob());
    })();
    pending.catch(() => objectUrls.delete(id)); // a failed fetch may be retried on the next render
    objectUrls.set(id, pending);
  }
  return pending;
}

function saveAs(url, fileName) {
  const a = el('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
}
