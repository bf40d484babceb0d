import type { NextConfig } from 'next';

import { checkEnvFormat } from './lib/env';

// A malformed variable (a DATABASE_URL that is not postgres://, a SIGNING_KEY that is not an
// Ed25519 key…) fails the build here, naming it. Missing secrets do not: a build needs none,
// and `next start` refuses to start without them (instrumentation.ts).
checkEnvFormat();

const nextConfig: NextConfig = {
  // PGlite ships ~15 MB of wasm, harfbuzzjs (font subsetting) its own: loaded from node_modules,
  // never bundled into the build's static files.
  // React Email's renderer loads react-dom/server, which a server-components bundle may not
  // contain; pg-boss brings node-postgres. Both load from node_modules at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'subset-font', 'harfbuzzjs', '@react-email/render', 'pg-boss'],
  poweredByHeader: false,
  experimental: {
    // Each endpoint's own limit is checked before its body is read (lib/http/body-limits.ts);
    // this is the largest of them (a 10 MB PDF to /verify), as a second line.
    serverActions: { bodySizeLimit: '11mb' },
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          // The Content-Security-Policy (with its script nonce) and HSTS (at an https AUTH_URL)
          // are set per request in lib/http/client-address.ts (installRequestHooks).
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
        ],
      },
    ];
  },
};

export default nextConfig;
