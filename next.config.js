/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships ~15 MB of wasm, harfbuzzjs (font subsetting) its own: loaded from node_modules,
  // never bundled into the build's static files.
  serverExternalPackages: ['@electric-sql/pglite', 'subset-font', 'harfbuzzjs'],
  poweredByHeader: false,
  experimental: {
    // Editors upload accepted-paper CSVs of up to 5 MB (checked with a clear message in
    // lib/editor/stage-paper-import.ts); the margin lets that check, not Next, answer.
    serverActions: { bodySizeLimit: '20mb' },
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
