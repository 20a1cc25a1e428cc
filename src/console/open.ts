/** `minikafka start --console`: print the console's URL and open it in the desktop's browser, if there is one. */
import { spawn } from 'node:child_process';

export function openConsole(url: string): void {
  process.stderr.write(`minikafka: console at ${url}\n`);
  if (!process.stdout.isTTY) return;
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => {}); // no browser here: the printed URL is enough
  child.unref();
}
