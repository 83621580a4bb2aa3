// Drives Parley's chat page in Debian's chromium with playwright-core, as a person would: opens /chat/?token=...,
// waits for the greeting, sends a message and waits for the reply, ends the chat, and takes a screenshot.
// Usage: node chat-page.mjs <server-url> <web-integration-token> [screenshot.png]
// Prints one line per finding ("name: value"); exits non-zero on failure. CHROMIUM overrides /usr/bin/chromium.
import { finish, launch, say } from './launch.mjs';

const [base, token, screenshot] = process.argv.slice(2);
if (!base || !token) {
  console.error('usage: node chat-page.mjs <server-url> <token> [screenshot.png]');
  process.exit(2);
}
const context = await launch({ width: 900, height: 700 });
await finish(context, async () => {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('console', (m) => { if (m.type() === 'error') say('console-error', m.text()); });
  page.on('pageerror', (e) => say('page-error', e.message));

  const response = await page.goto(`${base.replace(/\/$/, '')}/chat/?token=${encodeURIComponent(token)}`);
  say('page-status', response.status());
  const headers = response.headers();
  say('csp', headers['content-security-policy'] ?? '');
  say('x-content-type-options', headers['x-content-type-options'] ?? '');
  say('referrer-policy', headers['referrer-policy'] ?? '');
  say('address', page.url());

  const assistant = page.locator('#messages .msg.assistant');
  await assistant.first().waitFor();
  say('greeting', await assistant.first().textContent());
  say('status', await page.locator('#status').textContent());

  await page.locator('#input').fill('Hello from the browser');
  await page.locator('#send').click();
  await page.locator('#messages .msg.user', { hasText: 'Hello from the browser' }).waitFor();
  say('echo', await page.locator('#messages .msg.user').last().textContent());
  await page.locator('#messages .msg.assistant', { hasText: 'Hello from the browser' }).waitFor();
  say('reply', await assistant.last().textContent());

  await page.locator('#input').fill('check my order');
  await page.locator('#send').click();
  await page.locator('#messages .msg.tool').nth(1).waitFor();
  for (const line of await page.locator('#messages .msg.tool').allTextContents()) say('tool', line);
  await page.locator('#messages .msg.assistant', { hasText: 'Order' }).waitFor();
  say('tool-reply', await assistant.last().textContent());

  await page.locator('#terminate').click();
  await page.locator('#status', { hasText: 'Conversation ended' }).waitFor();
  say('ended', await page.locator('#status').textContent());
  say('input-disabled', await page.locator('#input').isDisabled());
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
    say('screenshot', screenshot);
  }
});
