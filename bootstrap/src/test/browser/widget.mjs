// Drives Parley's embeddable widget in Debian's chromium with playwright-core: a host page on another origin (with its
// own CSP and hostile styles) embeds /widget.js; a person chats by keyboard, sees Markdown rendered safely, a tool
// step and an operator, reloads and gets the same conversation back, and ends it. Then a phone-sized page, the /chat/
// page at 390 px, axe-core on both, and a host page whose origin the token does not allow. Last, with a token of an
// agent whose model streams slowly, the pending bubble shows the reply as it is written, then its final render.
// Usage: node widget.mjs <server-url> <allowed-host-url> <denied-host-url> <token> <chat-page-token> <api-key> <images-dir> [<streaming-token>]
// Prints one line per finding ("name: value"); exits non-zero on failure. CHROMIUM overrides /usr/bin/chromium.
import { join } from 'node:path';
import { axeSource, finish, launch, say } from './launch.mjs';

const [base, allowedHost, deniedHost, token, chatPageToken, apiKey, images, streamingToken] = process.argv.slice(2);
if (!images) {
  console.error('usage: node widget.mjs <server-url> <allowed-host-url> <denied-host-url> <token> <chat-page-token> <api-key> <images-dir>');
  process.exit(2);
}
const server = base.replace(/\/$/, '');
const context = await launch({ width: 1280, height: 800 });

async function newPage(label) {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('console', (m) => { if (m.type() === 'error') say('console-error', `${label}: ${m.text()}`); });
  page.on('pageerror', (e) => say('page-error', `${label}: ${e.message}`));
  page.on('websocket', (ws) => say('websocket', ws.url()));
  return page;
}

// axe-core over the widget (its open shadow root included) on a host page — the host page's own deliberately ugly
// styles are not ours to judge — and over the whole /chat/ page; evaluate() is not subject to the page's CSP, so the
// policies stay as they are. Prints the serious and critical findings.
async function axe(page, name, onlyWidget) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async (only) => {
    const r = await window.axe.run(only ? { include: [['parley-widget']] } : document, { resultTypes: ['violations', 'passes'] });
    return {
      bad: r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`),
      passes: r.passes.map((p) => p.id),
    };
  }, onlyWidget);
  say(`axe-${name}`, result.bad);
  say(`axe-${name}-passed`, result.passes.filter((id) => ['button-name', 'label', 'color-contrast', 'aria-allowed-attr'].includes(id)).sort().join(','));
}

// The widget's shadow root, inside page.evaluate (no eval there: the host page's CSP forbids it).
const panelBox = (page) => page.evaluate(() => {
  const r = document.querySelector('parley-widget').shadowRoot.getElementById('panel').getBoundingClientRect();
  return [r.x, r.y, r.width, r.height].map(Math.round).join(',');
});
// Polls page.evaluate (not waitForFunction, which the page's CSP could refuse) until fn answers `want`.
async function until(page, fn, want) {
  let got;
  for (let i = 0; i < 100; i++) {
    got = await page.evaluate(fn);
    if (got === want) break;
    await page.waitForTimeout(100);
  }
  return got;
}
const api = async (path, body) => {
  const r = await fetch(`${server}${path}`, { method: 'POST', headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
};

await finish(context, async () => {
  // --- Desktop: a host page on another origin embeds the widget.
  const page = await newPage('host');
  const response = await page.goto(allowedHost);
  say('host-csp', response.headers()['content-security-policy'] ?? '');
  const launcher = page.getByRole('button', { name: /Open chat/ });
  await launcher.waitFor();
  say('host-panel-position', await page.locator('#host-panel').evaluate((e) => getComputedStyle(e).position));
  say('widget-button-background', await launcher.evaluate((e) => getComputedStyle(e).backgroundColor));

  await launcher.focus();
  await page.keyboard.press('Enter');
  say('expanded', await page.getByRole('button', { name: /Close chat: / }).getAttribute('aria-expanded'));
  const assistant = page.locator('#messages .msg.assistant');
  await assistant.first().waitFor();
  say('greeting', await assistant.first().textContent());
  say('focus-after-open', await until(page, () => document.querySelector('parley-widget').shadowRoot.activeElement?.id, 'input'));
  say('live-region', await page.locator('#messages').getAttribute('aria-live'));

  const markdownText = 'Hi **there**, see [the docs](https://example.com/docs), `code` and [bad](javascript:alert(1)) <img src=x onerror=alert(1)>';
  await page.keyboard.type(markdownText);
  await page.keyboard.press('Enter');
  await page.locator('#messages .msg.user', { hasText: 'Hi **there**' }).waitFor();
  const reply = assistant.filter({ hasText: 'You said: Hi' });
  await reply.waitFor();
  say('markdown-strong', await reply.locator('strong').textContent());
  say('markdown-code', await reply.locator('code').textContent());
  const link = reply.locator('a');
  say('markdown-links', await link.count());
  say('markdown-link', `${await link.getAttribute('href')} ${await link.getAttribute('rel')} ${await link.getAttribute('target')}`);
  say('markdown-unsafe', await page.locator('parley-widget img, parley-widget a[href^="javascript"]').count());
  say('markdown-raw-text', (await reply.textContent()).includes('<img src=x onerror=alert(1)>'));

  await page.getByRole('textbox', { name: 'Message' }).fill('check my order');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('#messages .msg.tool').nth(1).waitFor();
  for (const line of await page.locator('#messages .msg.tool').allTextContents()) say('tool', line);
  await assistant.filter({ hasText: 'Order status' }).waitFor();

  const saved = await page.evaluate(() => Object.entries(sessionStorage).find(([k]) => k.startsWith('parley-widget:http'))?.[1]);
  const recordId = JSON.parse(saved).recordId;
  say('record', recordId);
  const before = await page.locator('#messages .msg').allTextContents();

  // --- A reload resumes the same conversation: the panel opens again with the whole transcript.
  await page.reload();
  await page.locator('#messages .msg.assistant', { hasText: 'Order status' }).waitFor();
  await page.locator('#status', { hasText: 'Connected' }).waitFor();
  const after = await page.locator('#messages .msg').allTextContents();
  say('resumed-same-transcript', JSON.stringify(after) === JSON.stringify(before));
  const savedAfter = await page.evaluate(() => Object.entries(sessionStorage).find(([k]) => k.startsWith('parley-widget:http'))?.[1]);
  say('resumed-record', JSON.parse(savedAfter).recordId);

  // --- An operator takes over and writes; the widget shows who wrote.
  await api(`/api/v1/chats/${recordId}/handoff`, { reason: 'widget test' });
  await page.locator('#messages .msg.system', { hasText: 'A person joined' }).waitFor();
  await api(`/api/v1/chats/${recordId}/operator-messages`, {
    content: 'Hi, I am **Ana**.\n\n- first *step*\n- second step\n\n```\nlet x = 1 < 2;\n```', operator: { id: 'op-1', name: 'Ana' } });
  const operator = page.locator('#messages .msg.operator');
  await operator.waitFor();
  say('operator-name', await operator.locator('.who').textContent());
  say('operator-strong', await operator.locator('strong').textContent());
  say('operator-list', await operator.locator('ul > li').allTextContents());
  say('operator-code-block', await operator.locator('pre > code').textContent());
  await api(`/api/v1/chats/${recordId}/handback`);
  await page.locator('#messages .msg.system', { hasText: 'assistant is back' }).waitFor();

  await axe(page, 'widget', true);
  await page.screenshot({ path: join(images, 'widget-desktop.png') });

  // --- Escape closes the panel and gives focus back to the launcher.
  await page.getByRole('textbox', { name: 'Message' }).focus();
  await page.keyboard.press('Escape');
  say('panel-hidden-after-escape', await page.evaluate(() => document.querySelector('parley-widget').shadowRoot.getElementById('panel').hidden));
  say('focus-after-escape', await page.evaluate(() => document.querySelector('parley-widget').shadowRoot.activeElement?.className ?? null));
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'End chat' }).click();
  await page.locator('#status', { hasText: 'Conversation ended' }).waitFor();
  say('ended', await page.locator('#status').textContent());
  await page.getByRole('button', { name: 'New conversation' }).click();
  await page.locator('#status', { hasText: 'Connected' }).waitFor();
  await page.locator('#messages .msg.assistant').first().waitFor();
  say('restarted', await page.locator('#messages .msg').allTextContents());

  // --- A phone: the panel fills the screen and nothing scrolls sideways.
  const phone = await newPage('phone');
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(allowedHost);
  await phone.getByRole('button', { name: /Open chat/ }).click();
  await phone.locator('#messages .msg.assistant').first().waitFor();
  await phone.getByRole('textbox', { name: 'Message' }).fill('Where is my parcel?');
  await phone.getByRole('button', { name: 'Send' }).click();
  await phone.locator('#messages .msg.assistant', { hasText: 'You said' }).waitFor();
  say('phone-panel', await panelBox(phone));
  say('phone-sideways', await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth));
  say('phone-modal', await phone.locator('#panel').getAttribute('aria-modal'));
  await phone.getByRole('button', { name: 'End chat' }).focus();
  await phone.keyboard.press('Tab');
  say('phone-tab-wraps-to', await phone.evaluate(() => document.querySelector('parley-widget').shadowRoot.activeElement?.className ?? null));
  await phone.screenshot({ path: join(images, 'widget-phone.png') });
  await axe(phone, 'widget-phone', true);

  // --- data-theme="dark" and data-position="left": readable (axe-core checks the contrast) and on the left.
  const dark = await newPage('dark');
  await dark.goto(`${allowedHost}?theme=dark&position=left`);
  await dark.getByRole('button', { name: /Open chat/ }).click();
  await dark.locator('#messages .msg.assistant').first().waitFor();
  await dark.locator('#status', { hasText: 'Connected' }).waitFor();
  say('dark-launcher-x', await dark.getByRole('button', { name: /Close chat: / }).evaluate((e) => Math.round(e.getBoundingClientRect().x)));
  say('dark-background', await dark.locator('#panel').evaluate((e) => getComputedStyle(e).backgroundColor));
  await axe(dark, 'widget-dark', true);
  await dark.screenshot({ path: join(images, 'widget-dark.png') });

  // --- The /chat/ page is the widget's full-page mode; at 390 px its connect form wraps.
  const chatPage = await newPage('chat-page');
  await chatPage.setViewportSize({ width: 390, height: 844 });
  await chatPage.goto(`${server}/chat/?token=${encodeURIComponent(chatPageToken)}`);
  await chatPage.locator('#messages .msg.assistant').first().waitFor();
  say('chat-page-sideways', await chatPage.evaluate(() => document.documentElement.scrollWidth > window.innerWidth));
  say('chat-page-controls', [
    await chatPage.getByRole('textbox', { name: 'Message' }).count(),
    await chatPage.getByRole('button', { name: 'Send' }).count(),
    await chatPage.getByLabel('Web integration token').count()].join(','));
  await axe(chatPage, 'chat-page', false);
  await chatPage.screenshot({ path: join(images, 'chat-page-phone.png') });
  await chatPage.getByRole('button', { name: 'End chat' }).click();
  await chatPage.locator('#status', { hasText: 'Conversation ended' }).waitFor();

  // --- A host page on an origin the token does not allow is refused.
  const denied = await newPage('denied');
  await denied.goto(deniedHost);
  await denied.getByRole('button', { name: /Open chat/ }).click();
  await denied.locator('#messages .msg.error').waitFor();
  say('denied-error', await denied.locator('#messages .msg.error').textContent());
  await denied.locator('#status', { hasText: 'Disconnected' }).waitFor();
  say('denied-status', await denied.locator('#status').textContent());
  say('denied-input-disabled', await denied.getByRole('textbox', { name: 'Message' }).isDisabled());

  // --- Streaming (the /chat/ page, an agent whose model writes a piece every 100 ms): partial text, then the reply.
  if (streamingToken) {
    const live = await newPage('streaming');
    await live.goto(`${server}/chat/?token=${encodeURIComponent(streamingToken)}`);
    await live.getByRole('textbox', { name: 'Message' }).fill('tell me a story');
    await live.getByRole('button', { name: 'Send' }).click();
    const pending = live.locator('#messages .msg.assistant.streaming');
    await pending.filter({ hasText: 'w1 ' }).waitFor();
    say('stream-partial', (await pending.textContent()).trim());
    const reply = live.locator('#messages .msg.assistant:not(.streaming)', { hasText: 'w39' });
    await reply.waitFor({ timeout: 30_000 });
    say('stream-final', (await reply.textContent()).trim());
    say('stream-pending-left', await pending.count());
    say('stream-assistant-bubbles', await live.locator('#messages .msg.assistant').count());
  }
});
