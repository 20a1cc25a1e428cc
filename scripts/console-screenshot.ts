/**
 * Saves a screenshot of the web console for the README: a broker with the data of
 * test/console/fixture.ts (topics written by kafkajs, a group with lag) and some live traffic,
 * shown in Debian's Chromium.
 *
 *   npx tsc -p scripts && node node_modules/.cache/minikafka-scripts/scripts/console-screenshot.js [page] [file]
 *
 * page: the console path to capture (default the overview); file: default docs/console.png (run from the repository root).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Partitioners } from 'kafkajs';
import { startConsoleFixture } from '../test/console/fixture';
import { launchChromium } from './chromium';

async function main(): Promise<void> {
  const [pagePath = '/', file = 'docs/console.png'] = process.argv.slice(2);
  const fx = await startConsoleFixture();
  const browser = await launchChromium({ width: 1200, height: 760 });
  // Steady traffic in and out, so the live rates show something.
  const producer = fx.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const dashboard = fx.kafka.consumer({ groupId: 'dashboard', maxWaitTimeInMs: 100 });
  await dashboard.connect();
  await dashboard.subscribe({ topics: ['sensor-readings'] });
  await dashboard.run({ eachMessage: async () => {} });
  let n = 0;
  const traffic = setInterval(() => {
    const messages = Array.from({ length: 5 }, () => ({ key: `sensor-${n++ % 2}`, value: (20 + Math.random()).toFixed(3) }));
    void producer.send({ topic: 'sensor-readings', messages }).catch(() => {});
  }, 25);
  try {
    const page = await browser.context.newPage();
    await page.goto(`${fx.url}${pagePath}`);
    await page.waitForTimeout(2500); // two or more samples of the live rates
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });
    process.stdout.write(`saved ${path.resolve(file)}\n`);
  } finally {
    clearInterval(traffic);
    await dashboard.disconnect();
    await producer.disconnect();
    await browser.close();
    await fx.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`console-screenshot: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
