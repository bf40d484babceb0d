// Debian's Chromium, never a downloaded one, with the flags this machine needs: as root, no
// sandbox; no background networking (the network is closed, and every refused connection would
// be retried). Shared by playwright.config.ts and playwright.faults.config.ts.
export const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  },
};
