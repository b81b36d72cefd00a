// Document messages and e-signatures (docs/signatures.md): the document card with its version and every signature's
// status (valid ✓, untrusted ⚠, invalid ✗, with the signer's name), a Sign button that signs on the server with a key
// the user keeps there (creating one on first use), Verify to check every signature again, and sending a file as a
// document. Signatures made outside (e.g. with a national crypto provider) are uploaded as .p7s files.
import { el, toast, newId } from './dom.js';
import { renderAttachment, uploadFile } from './attachments.js';

const StatusMark = { valid: '✓', untrusted: '⚠', invalid: '✗' };
const Algorithms = [
  ['gost2012-256', 'GOST R 34.10-2012 (256)'],
  ['gost2012-512', 'GOST R 34.10-2012 (512)'],
  ['ecdsa-p256-sha256', 'ECDSA P-256'],
  ['rsa-pss-sha256', 'RSA-PSS'],
];

export function renderDocument(store, message) {
  const doc = message.document;
  if (!doc || message.deleted) return null;
  const api = store.api;
  const me = api.userId;
  const signedByMe = doc.signatures?.some(s => s.signerUserId === me);
  const latest = !doc.supersededBy;
  const card = el('div', { class: 'document', dataset: { documentId: doc.id } },
    el('div', { class: 'doc-title' }, `📄 ${doc.title}`, el('span', { class: 'doc-version' }, ` · v${doc.version}`),
      latest ? null : el('span', { class: 'doc-superseded' }, ' · superseded')),
    doc.file ? renderAttachment(api, { ...doc.file, kind: 'file' }) : null,
    doc.signatureRequested ? el('div', { class: 'doc-request' },
      `Signature requested by ${store.userNow(doc.requestedBy)?.displayName ?? 'the sender'}`) : null,
    el('ul', { class: 'signatures' }, (doc.signatures ?? []).map(s => el('li', {
      class: `signature ${s.status}`, dataset: { status: s.status }, title: s.reason ?? '',
    }, `${StatusMark[s.status] ?? '?'} ${s.status} — ${s.signerName ?? 'unknown signer'} (${s.algorithm})`))),
    el('div', { class: 'doc-actions' },
      latest && !signedByMe ? el('button', { type: 'button', class: 'doc-sign', onclick: () => openSignPanel(api, doc, card, store.me?.displayName) }, 'Sign') : null,
      (doc.signatures?.length ?? 0) > 0
        ? el('button', { type: 'button', class: 'doc-verify link', onclick: () => verify(api, doc) }, 'Verify') : null));
  return card;
}

async function verify(api, doc) {
  try {
    const checked = await api.post(`/api/documents/${encodeURIComponent(doc.id)}/verify`, {});
    const statuses = (checked.document?.signatures ?? checked.signatures ?? []).map(s => s.status);
    toast(`Checked ${statuses.length} signature(s): ${statuses.join(', ') || 'none'}`);
  } catch (e) { toast(e.message); }
}

/** A small panel inside the card: pick one of my server-held keys (or make one), or upload a .p7s made elsewhere. */
async function openSignPanel(api, doc, card, myName) {
  card.querySelector('.sign-panel')?.remove();
  let keys = [];
  try { keys = await api.get('/api/signing-keys'); } catch (e) { toast(e.message); return; }
  const keySelect = el('select', { class: 'sign-key' },
    keys.map(k => el('option', { value: k.id }, `${k.signerName ?? k.subject} · ${k.algorithm}`)),
    el('option', { value: '' }, 'New key…'));
  const algorithm = el('select', { class: 'sign-algorithm' }, Algorithms.map(([v, label]) => el('option', { value: v }, label)));
  const syncAlgorithm = () => { algorithm.hidden = keySelect.value !== ''; };
  keySelect.onchange = syncAlgorithm;
  syncAlgorithm();
  const file = el('input', { type: 'file', accept: '.p7s,.sig,application/pkcs7-signature', class: 'sign-upload', hidden: true });
  file.onchange = () => uploadSignature(api, doc, file.files[0]).finally(() => panel.remove());
  const panel = el('div', { class: 'sign-panel' }, keySelect, algorithm,
    el('button', { type: 'button', class: 'primary sign-confirm', onclick: async () => {
      try {
        await signOnServer(api, doc, keySelect.value, algorithm.value, myName);
        panel.remove();
      } catch (e) { toast(e.message); }
    } }, 'Sign'),
    el('button', { type: 'button', class: 'link', onclick: () => file.click() }, 'Upload .p7s…'), file,
    el('button', { type: 'button', class: 'link', onclick: () => panel.remove() }, 'Cancel'));
  card.append(panel);
}

async function signOnServer(api, doc, keyId, algorithm, commonName) {
  if (!keyId) {
    // A new key's certificate is issued to the signer's display name.
    const key = await api.post('/api/signing-keys', { algorithm, commonName });
    keyId = key.id;
  }
  const signature = await api.post(`/api/documents/${encodeURIComponent(doc.id)}/sign`, { keyId });
  toast(`Signed: ${signature.status}`);
}

async function uploadSignature(api, doc, p7s) {
  if (!p7s) return;
  try {
    const response = await fetch(`/api/documents/${encodeURIComponent(doc.id)}/signatures`, {
      method: 'POST', body: p7s,
      headers: { Authorization: `Bearer ${await api.accessToken()}`, 'Content-Type': 'application/pkcs7-signature' },
    });
    const json = await response.json().catch(() => null);
    if (!response.ok) throw new Error(json?.detail ?? `HTTP ${response.status}`);
    toast(`Signature added: ${json.status}`);
  } catch (e) { toast(e.message); }
}

/** Uploads a file and posts it as a document (title: the caption or the file's name). */
export async function sendDocument(api, conversationId, file, caption) {
  const uploaded = await uploadFile(api, file);
  return api.post(`/api/conversations/${encodeURIComponent(conversationId)}/documents`, {
    clientMessageId: newId(), attachmentId: uploaded.id, title: (caption || file.name).slice(0, 128),
    description: caption || null,
  });
}
