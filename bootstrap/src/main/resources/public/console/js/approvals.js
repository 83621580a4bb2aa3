// Pending tool approvals of the open chat. The chat's pending_approval field (one approval, a list, or null) and
// POST /api/v1/chats/{id}/approvals/{approval_id} come with tool approvals; on a server without them the field is
// missing and the panel stays hidden, and a 404 on deciding hides it too.
import { ApiError, post } from './api.js';
import { $, announce, h } from './dom.js';

export function renderApprovals(chat, { onDecided }) {
  const section = $('#approvals');
  const raw = chat.pending_approval ?? chat.pending_approvals;
  const pending = raw == null ? [] : Array.isArray(raw) ? raw : [raw];
  section.hidden = pending.length === 0 || chat.is_final;
  $('#approval-list').replaceChildren(...pending.map((a, i) => item(chat, a, i, onDecided)));
}

function item(chat, approval, index, onDecided) {
  const id = approval.id || approval.approval_id;
  const tool = approval.tool_name || approval.name || (approval.tool_call && approval.tool_call.name) || 'tool';
  const args = approval.arguments ?? (approval.tool_call && approval.tool_call.arguments);
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
      if (e instanceof ApiError && e.status === 404 && !e.problem.code) $('#approvals').hidden = true;
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
