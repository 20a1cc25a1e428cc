/**
 * The web console in a real headless browser (Debian's Chromium, driven by playwright-core),
 * used as a person would: open it, follow links, fill in the message browser's form. The data
 * comes from kafkajs (test/console/fixture.ts). Always against a local broker: it tests the
 * console, not a client's compatibility.
 */
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { Chromium, CHROMIUM_PATH, launchChromium } from '../scripts/chromium';
import { ConsoleFixture, startConsoleFixture, T0 } from '../test/console/fixture';

const haveChromium = fs.existsSync(CHROMIUM_PATH);
const describeWithChromium = haveChromium ? describe : describe.skip;
const SKIPPED = haveChromium ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium]`;

describeWithChromium(`web console in Chromium${SKIPPED}`, () => {
  let fx: ConsoleFixture;
  let browser: Chromium;
  let page: Page;
  /** Script errors and Content-Security-Policy violations the page reported. */
  const problems: string[] = [];

  beforeAll(async () => {
    [fx, browser] = await Promise.all([startConsoleFixture(), launchChromium()]);
    page = await browser.context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
  }, 40_000);

  afterAll(async () => {
    await browser?.close();
    await fx?.stop();
  });

  afterEach(() => {
    expect(problems).toEqual([]);
  });

  /** Text of the table cells in the row whose first cells are `first`. */
  async function row(...first: string[]): Promise<string[]> {
    // Runs in the page (a string: this project compiles without DOM types).
    const rows = await page.evaluate<string[][]>(`[...document.querySelectorAll('tr')].map((tr) => [...tr.children].map((td) => td.innerText.trim()))`);
    const found = rows.find((cells) => first.every((text, i) => cells[i] === text));
    if (!found) throw new Error(`no row starting with ${JSON.stringify(first)} on ${page.url()}`);
    return found;
  }

  it('loads the overview, and its live rates update', async () => {
    await page.goto(`${fx.url}/`);
    expect(await page.title()).toBe('Overview · minikafka');
    // The inline script runs (the CSP allows it by hash) and fills rates after two samples.
    await page.locator('.card [data-rate="recordsIn"]', { hasText: /\/s$/ }).waitFor({ timeout: 5000 });
    expect(await page.locator('[data-rate="recordsIn"]').first().innerText()).toMatch(/^\d[\d,.]*\/s$/);
  });

  it('lists the topic kafkajs produced to, and shows its partitions', async () => {
    await page.click('header >> text=Topics');
    expect((await row('orders')).slice(1, 3)).toEqual(['2', '13']);
    await page.click('a:text-is("orders")');
    expect(await page.locator('h1').innerText()).toBe('orders');
    const p0 = await row('0');
    expect(p0.slice(4, 6)).toEqual(['0', '10']); // start and end offsets
  });

  it('shows messages in the message browser, and finds them by timestamp', async () => {
    await page.click('text=Browse messages');
    const first = await row('0');
    expect(first[1]).toBe(new Date(T0).toISOString());
    expect(first[2]).toBe('order-1000');
    expect(JSON.parse(first[3])).toMatchObject({ id: 1000, customer: 'ada@example.com' });
    expect(await page.locator('pre.json').first().innerText()).toContain('\n  "customer": "ada@example.com",\n');

    await page.fill('input[name=timestamp]', new Date(T0 + 7 * 60_000).toISOString());
    await page.fill('input[name=limit]', '2');
    await page.click('button:text("Show")');
    const offsets = await page.locator('table.messages tr td:first-child').allInnerTexts();
    expect(offsets).toEqual(['7', '8']);
  });

  it("shows a consumer group's members and lag", async () => {
    await page.click('header >> text=Groups');
    expect(await row('billing')).toEqual(['billing', 'classic', 'Stable', 'consumer', '1', '2', '—', '6']);
    await page.click('a:text-is("billing")');
    expect((await row('orders', '0')).slice(2, 5)).toEqual(['4', '10', '6']);
    expect((await row('orders', '1')).slice(2, 5)).toEqual(['3', '3', '0']);
    const member = await page.locator('tr', { hasText: 'console-fixture-' }).first().innerText();
    expect(member).toContain('orders: 0, 1');
  });
});
