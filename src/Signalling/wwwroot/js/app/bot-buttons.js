// Inline buttons under a bot's message (docs/bots.md, "Buttons"): a callback button tells the bot which was
// pressed (POST …/callback; the bot answers with answerCallbackQuery, which arrives as the hub's CallbackAnswer and
// shows as a notice); a url button is a plain link.
import { el, toast } from './dom.js';

export function renderInlineKeyboard(api, message) {
  const rows = message.replyMarkup?.inlineKeyboard;
  if (!rows?.length || message.deleted) return null;
  return el('div', { class: 'inline-keyboard' }, rows.map(row => el('div', { class: 'keyboard-row' }, row.map(button =>
    button.url
      ? el('a', { class: 'inline-button', href: button.url, target: '_blank', rel: 'noopener noreferrer' }, button.text)
      : el('button', { class: 'inline-button', type: 'button', dataset: { callback: button.callbackData ?? '' },
        onclick: e => press(api, message, button, e.currentTarget) }, button.text)))));
}

async function press(api, message, button, element) {
  element.disabled = true;
  try {
    await api.post(`/api/conversations/${encodeURIComponent(message.conversationId)}/messages/${message.seq}/callback`,
      { data: button.callbackData });
  } catch (e) {
    toast(e.message);
  } finally {
    setTimeout(() => { element.disabled = false; }, 1000);
  }
}

/** The bot's answerCallbackQuery: a notice (or an alert when the bot asked for one), or a link to open. */
export function showCallbackAnswer(answer) {
  if (answer.url) window.open(answer.url, '_blank', 'noopener');
  if (!answer.text) return;
  if (answer.showAlert) alert(answer.text); else toast(answer.text);
}
