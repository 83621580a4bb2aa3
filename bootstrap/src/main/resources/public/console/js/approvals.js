// The pending tool approval of the open chat: the chat's pending_approval {id, tool, arguments} (or null), decided
// with POST /api/v1/chats/{id}/approvals/{approval_id} {decision: approve|deny, reason}. A 409 (decided elsewhere,
// or cancelled by a newer message) shows its message; the next re-read of the chat clears the panel.
import { post } from './api.js';
import { $, announce, h } from './dom.js';

export function renderApprovals(chat, { onDecided }) {
  const section = $('#approvals');
  const pending = chat.pending_approval ? [chat.pending_approval] : [];
  section.hidden = pending.length === 0 || chat.is_final;
  $('#approval-list').replaceChildren(...pending.map((a, i) => item(chat, a, i, onDecided)));
}

function item(chat, approval, index, onDecided) {
  const { id, tool, arguments: args } = approval;
  const reasonId = `approval-reason-${index}`;
  const error = h('p', { class: 'error', role: 'alert' });
  const decide = async (decision, button) => {
    button.disabled = true;
    error.textContent = '';
    try {
      await post(`/api/v1/chats/${chat.id}/approvals/${encodeURIComponent(id)}`,
        { decision, reason: $(`#${reasonId}`).value.trim() || undefined });
      announce(decision === 'approve' ? 'Tool call approved' : 'Tool call denied');
      onDecided();
    } catch (e) {
      error.textContent = e.message;
      button.disabled = false;
    }
  };
  return h('li', { class: 'approval' },
    h('p', {}, h('strong', {}, tool), ' wants to run'),
    args === undefined ? null : h('pre', {}, JSON.stringify(args, null, 2)),
    h('label', { for: reasonId }, 'Reason (optional)'),
    h('input', { id: reasonId, type: 'text', maxlength: 2000 }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: (e) => decide('approve', e.currentTarget) }, 'Approve'),
      h('button', { type: 'button', class: 'danger', onclick: (e) => decide('deny', e.currentTarget) }, 'Deny')),
    error);
}
