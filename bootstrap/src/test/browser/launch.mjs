// What every browser script shares: Debian's chromium (CHROMIUM overrides /usr/bin/chromium) started headless by
// playwright-core in a throw-away profile, the "name: value" finding lines the Java side reads, axe-core's source,
// and the ending: a failure is printed as a finding, the browser and its profile are removed, and the exit code says
// whether the script got through.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Prints one finding. */
export const say = (name, value) => console.log(`${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);

/** axe-core's source, to evaluate in a page (evaluate() is not subject to the page's CSP). */
export const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const profiles = new WeakMap();

/** A headless chromium with a fresh profile under {@code profilePrefix} and pages of {@code viewport}. */
export async function launch(viewport, profilePrefix = 'parley-chromium-') {
  const userDataDir = mkdtempSync(join(tmpdir(), profilePrefix));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport,
    timeout: 60_000,
  });
  profiles.set(context, userDataDir);
  return context;
}

/**
 * Runs {@code work}; a failure is printed as `failure: <where()><first line>`. Then closes the browser, removes its
 * profile and exits: 1 after a failure, else 0.
 */
export async function finish(context, work, where = () => '') {
  let failed = false;
  try {
    await work();
  } catch (e) {
    failed = true;
    say('failure', `${where()}${String(e && e.message || e).split('\n')[0]}`);
  } finally {
    await context.close();
    rmSync(profiles.get(context), { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}
