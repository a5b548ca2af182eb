import { chromium, type Browser } from 'playwright-core';
import { requireBinary } from '../../helpers/external-server.ts';

/** Debian's Chromium, headless, with nothing that reaches the network by itself. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = requireBinary('chromium', 'chromium');
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', ...extraArgs],
  });
}
