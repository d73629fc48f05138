/**
 * A real browser for the console's tests: headless Chromium from the `@sparticuz/chromium`
 * npm package (it arrives with `npm ci`; no browser download, no apt step), driven by
 * playwright-core. One browser per suite; axe-core checks a page for accessibility problems.
 * Screenshots go to tests/artifacts/console/ (git-ignored), one per step.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import chromium from '@sparticuz/chromium';
import { expect } from 'chai';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { zh } from '../../console/src/messages';

const here = dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS_DIR = resolve(here, '..', 'artifacts', 'console');

/**
 * The console as the gateway serves it: built when stale (as `npm start` and `npm test` do), in
 * a process of its own (Vite's resolver and the test runner's TypeScript loader do not mix).
 */
export function buildConsoleIfStale(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'console/scripts/build.ts'], { cwd: resolve(here, '..', '..'), stdio: ['ignore', 'inherit', 'inherit'] });
}

/**
 * The package's flags are made for serverless functions; some would make this browser less
 * of a browser than a person's: no same-origin policy, mixed content allowed, one process for
 * everything (which also ends the browser when a second context closes). Those are dropped.
 */
const DROPPED_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process', '--disable-site-isolation-trials']);

export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    // No sandbox as root, software GL… from the package; then: this machine's network is
    // closed, so no background calls to Google's hosts, and no first-run UI.
    args: [...chromium.args.filter((a) => !DROPPED_FLAGS.has(a)), '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
    headless: true,
  });
}

let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/**
 * axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA rules).
 * The script is evaluated through the DevTools protocol, so the page's own CSP stays as strict
 * as it is for people.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Strings evaluated in the page (this file is compiled without the DOM's types).
  if (!(await page.evaluate<boolean>("typeof window.axe !== 'undefined'"))) await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }).then((r) => r.violations)",
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  // The web font's slices load as characters appear: wait for them, or CJK renders as boxes.
  await page.evaluate('document.fonts.ready.then(() => true)');
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The browser context every console walk opens: a laptop window, Chinese, Shanghai time. */
export const CONSOLE_CONTEXT = { viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const;

/** Fails naming each serious violation's rule, its help and the elements it points at. */
export async function expectNoSeriousA11y(page: Page, name: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`), `${name}: serious accessibility violations`).to.deep.equal([]);
}

/** The console's front door, as a person uses it: open it, paste the key, sign in. */
export async function signInWithKey(page: Page, consoleUrl: string, key: string): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByLabel(zh['signIn.key']).fill(key);
  await page.getByRole('button', { name: zh['signIn.submit'] }).click();
}
