// Drives Parley's operator console (/console/) and the chat page (/chat/) in Debian's chromium with playwright-core,
// as an operator and a user would, finding controls by role and label. Runs axe-core on every console view and
// writes screenshots. Usage: node console.mjs <server-url> <api-key> <completion-webhook-url> <images-dir> <tool-url>
// Prints one line per finding ("name: value"); exits non-zero on failure. CHROMIUM overrides /usr/bin/chromium.
import { join } from 'node:path';
import { axeSource, finish, launch, say } from './launch.mjs';

const [baseArg, apiKey, hookUrl, images, toolUrl] = process.argv.slice(2);
if (!baseArg || !apiKey || !hookUrl || !images || !toolUrl) {
  console.error('usage: node console.mjs <server-url> <api-key> <completion-webhook-url> <images-dir> <tool-url>');
  process.exit(2);
}
const base = baseArg.replace(/\/$/, '');
// chromium logs every 4xx answer as a console error: the 400 of the refused agent is expected, and so is a 404 of
// the tenant-wide feed GET /api/v1/events on a server without it (the console then polls). Both are reported as
// http-error lines; script errors and CSP violations stay console errors.
const httpError = (m) => m.text().startsWith('Failed to load resource: the server responded with a status of 4');

const context = await launch({ width: 1280, height: 860 }, 'parley-console-');

async function axe(page, view) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  say(`axe-${view}`, String(serious.length));
  for (const v of serious) say('axe-detail', `${view} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

let step = 'start'; // the last step begun, named in a failure
await finish(context, async () => {
  const console_ = context.pages()[0] ?? await context.newPage();
  const user = await context.newPage();
  for (const [who, page] of [['console', console_], ['user', user]]) {
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => {
      if (m.type() === 'error') say(httpError(m) ? 'http-error' : 'console-error', `${who}: ${m.text()} ${m.location().url || ''}`);
    });
    page.on('pageerror', (e) => say('page-error', `${who}: ${e.message}`));
  }
  const op = console_;

  // Sign in.
  step = 'Sign in.';
  const response = await op.goto(`${base}/console/`);
  say('csp', response.headers()['content-security-policy'] ?? '');
  await op.getByRole('heading', { name: 'Sign in' }).waitFor();
  await axe(op, 'sign-in');
  await op.getByLabel('API key').fill(apiKey);
  await op.getByRole('button', { name: 'Sign in' }).click();
  await op.getByRole('navigation', { name: 'Sections' }).waitFor();
  say('key-in-address', op.url().includes(apiKey));
  say('key-in-session-storage', await op.evaluate((k) => Object.values(sessionStorage).includes(k), apiKey));

  // An agent: first a model the API refuses (its message lands next to the model field), then a good one.
  step = 'An agent: first a model the API refuses (its messa';
  await op.getByRole('link', { name: 'Agents' }).click();
  await op.getByRole('button', { name: 'New agent' }).click();
  await op.getByLabel('Name', { exact: true }).fill('Console bot');
  await op.getByLabel('Prompt', { exact: true }).fill('You help customers.');
  await op.getByLabel('Greeting', { exact: true }).fill('Hello! How can I help?');
  await op.getByLabel('Model (JSON)').fill('{"provider": "metered", "temperature": 7}');
  await op.getByLabel('Completion webhook URL').fill(hookUrl);
  await op.getByRole('button', { name: 'Save agent' }).click();
  await op.locator('#agent-model-error:not(:empty)').waitFor();
  say('field-error', await op.locator('#agent-model-error').textContent());
  say('model-invalid', await op.getByLabel('Model (JSON)').getAttribute('aria-invalid'));
  await op.getByLabel('Model (JSON)').fill('{"provider": "metered"}');
  await op.getByRole('button', { name: 'Save agent' }).click();
  await op.getByRole('heading', { name: /Edit Console bot/ }).waitFor();
  const agentId = decodeURIComponent(op.url().split('#/agents/')[1] || '');
  say('agent-saved', agentId);
  await op.getByRole('link', { name: 'Console bot' }).first().waitFor();
  await axe(op, 'agents');
  await op.evaluate(() => window.scrollTo(0, 0));
  await op.screenshot({ path: join(images, 'console-agents.png'), fullPage: true });

  // A user chats on the chat page, with a web integration token of the new agent.
  step = 'A user chats on the chat page, with a web integrat';
  const integration = await fetch(`${base}/api/v1/agents/${agentId}/web-integrations`, {
    method: 'POST', headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' }, body: JSON.stringify({ allow_web_chat: true }),
  }).then((r) => r.json());
  await user.bringToFront(); // chromium runs no animation frames in a background tab, and clicks wait for them
  await user.goto(`${base}/chat/?token=${encodeURIComponent(integration.token)}`);
  const userMessage = user.getByRole('textbox', { name: 'Message' });
  await userMessage.fill('Hello from the chat page');
  await user.getByRole('button', { name: 'Send' }).click();
  await user.getByText('The agent answers.').first().waitFor();
  say('user-reply', 'The agent answers.');

  // The operator sees it among the conversations, opens it, takes over and replies.
  step = 'The operator sees it among the conversations, open';
  await op.bringToFront();
  await op.getByRole('link', { name: 'Conversations' }).click();
  await op.getByRole('row').filter({ hasText: 'User: Hello from the chat page' }).first().getByRole('button').click();
  const transcript = op.getByRole('list', { name: 'Transcript' });
  await transcript.getByText('Hello from the chat page').waitFor();
  say('operator-sees', 'Hello from the chat page');
  say('focus-after-open', await op.evaluate(() => document.activeElement && document.activeElement.id));
  step = 'take over';
  await op.getByRole('button', { name: 'Take over' }).click();
  await op.locator('#chat-meta dd', { hasText: 'human (an operator answers)' }).waitFor();
  say('mode', 'human');
  step = 'reply';
  await op.getByLabel('Your name (shown to the user)').fill('Dana');
  await op.getByLabel('Reply as operator').fill('Hi, Dana from support here.');
  await op.getByRole('button', { name: 'Send reply' }).click();
  await transcript.getByText('Hi, Dana from support here.').waitFor();
  await user.bringToFront();
  await user.getByText('Hi, Dana from support here.').waitFor();
  say('user-sees-operator', 'Hi, Dana from support here.');

  // The mode filter (a query parameter of the chat list) finds the chat a person holds, and only there.
  await op.bringToFront();
  const rowsSaying = (text) => op.locator('#chat-table tbody tr', { hasText: text });
  await op.getByRole('combobox', { name: 'Mode', exact: true }).selectOption('human');
  await rowsSaying('User: Hello from the chat page').first().waitFor();
  say('filtered-human', String(await rowsSaying('User: Hello from the chat page').count()));
  await op.getByRole('combobox', { name: 'Mode', exact: true }).selectOption('agent');
  await rowsSaying('User: Hello from the chat page').first().waitFor({ state: 'detached' });
  say('filtered-agent', String(await rowsSaying('User: Hello from the chat page').count()));
  await op.getByRole('combobox', { name: 'Mode', exact: true }).selectOption('');

  // Hand back; the user's next message shows up live in the console, answered by the agent again.
  step = "Hand back; the user's next message shows up live i";
  await op.bringToFront();
  await op.getByRole('button', { name: 'Hand back' }).click();
  await op.locator('#chat-meta dd', { hasText: /^agent$/ }).waitFor();
  say('mode', 'agent');
  await user.bringToFront();
  await userMessage.fill('Thanks, bye');
  await user.getByRole('button', { name: 'Send' }).click();
  await op.bringToFront();
  await transcript.getByText('Thanks, bye').waitFor();
  say('operator-sees-live', 'Thanks, bye');
  await transcript.locator('.msg.assistant').nth(2).waitFor();
  await op.locator('#chat-meta dd', { hasText: /out tokens/ }).waitFor();
  await axe(op, 'chats');
  await op.evaluate(() => window.scrollTo(0, 0));
  await op.screenshot({ path: join(images, 'console-chat.png'), fullPage: true });
  await op.getByRole('button', { name: 'End chat' }).click();
  await op.locator('#chat-meta dd', { hasText: /^ended/ }).waitFor();
  say('ended', await op.locator('#chat-meta dd').first().textContent());

  // A tool that needs approval: a scripted agent calls a webhook tool marked requires_approval, so a user's message
  // over REST pauses the turn; the operator sees the pending call in the console, approves it, and the reply follows.
  step = 'A tool that needs approval';
  const api = (path, body) => fetch(`${base}${path}`, {
    method: 'POST', headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }).then(async (r) => { if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`); return r.json(); });
  const desk = await api('/api/v1/agents', {
    name: 'Refund desk', model: { provider: 'scripted' },
    script: { rules: [{ match: '(?i)refund', tool: { name: 'refund', arguments: { order: 'A-17' } }, reply: 'Refund: {{tool.refund.status}}' }],
      fallback: 'You said: {{last_user_message}}' },
    tools: [{ name: 'refund', description: 'Refunds an order', requires_approval: true,
      parameters: { type: 'object', properties: { order: { type: 'string' } } }, webhook: { url: toolUrl } }],
  });
  const refundChat = await api('/api/v1/chats', { agent_id: desk.id });
  const paused = await api(`/api/v1/chats/${refundChat.id}/messages`, { content: 'I want a refund' });
  say('paused', paused.pending_approval ? paused.pending_approval.tool : 'no pending_approval');
  await op.goto(`${base}/console/#/chats/${refundChat.id}`);
  await transcript.getByText('I want a refund').waitFor();
  const approvals = op.getByRole('region', { name: 'Pending approvals' });
  await approvals.getByRole('button', { name: 'Approve' }).waitFor();
  say('approval-tool', await approvals.locator('strong').textContent());
  say('approval-arguments', JSON.stringify(JSON.parse(await approvals.locator('pre').textContent())));
  await axe(op, 'approval');
  await approvals.getByLabel('Reason (optional)').fill('Order checked');
  await approvals.getByRole('button', { name: 'Approve' }).click();
  await transcript.getByText('Refund: shipped').waitFor();
  say('approved-reply', 'Refund: shipped');
  await approvals.waitFor({ state: 'hidden' });
  say('approval-cleared', 'true');

  // Webhook deliveries: the handoff and the end were announced to the agent's completion webhook.
  step = 'Webhook deliveries: the handoff and the end were a';
  await op.getByRole('link', { name: 'Webhook deliveries' }).click();
  const hand = op.getByRole('link', { name: 'chat.handoff_requested' });
  await hand.first().waitFor();
  say('deliveries', (await op.locator('#delivery-table tbody td:first-child a').allTextContents()).join(', '));
  await hand.first().click();
  await op.getByRole('heading', { name: /chat.handoff_requested/ }).waitFor();
  // Its attempt log: one row per attempt, with the receiver's status code.
  const attempts = op.getByRole('region', { name: 'Attempts' });
  await attempts.locator('tbody tr').first().waitFor();
  say('attempt-status', await attempts.locator('tbody tr').first().locator('td').nth(2).textContent());
  await op.getByRole('button', { name: 'Replay' }).click();
  await op.locator('#delivery-meta dd', { hasText: /^pending$/ }).waitFor();
  say('replayed', 'pending');
  await axe(op, 'deliveries');
  await op.evaluate(() => window.scrollTo(0, 0));
  await op.screenshot({ path: join(images, 'console-deliveries.png'), fullPage: true });

  // Usage per agent and day.
  step = 'Usage per agent and day.';
  await op.getByRole('link', { name: 'Usage' }).click();
  await op.locator('#usage-chart svg rect.bar').first().waitFor();
  say('usage-bars', String(await op.locator('#usage-chart svg rect.bar').count()));
  say('usage-cost', await op.locator('#usage-table tbody tr td').last().textContent());
  await axe(op, 'usage');
  await op.evaluate(() => window.scrollTo(0, 0));
  await op.screenshot({ path: join(images, 'console-usage.png'), fullPage: true });

  await op.getByRole('button', { name: 'Sign out' }).click();
  await op.getByRole('heading', { name: 'Sign in' }).waitFor();
  say('signed-out', await op.evaluate((k) => !Object.values(sessionStorage).includes(k), apiKey));
}, () => `${step}: `);
