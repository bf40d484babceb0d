#!/usr/bin/env bash
# npm test: every test, in the order that fails fastest.
#   typecheck → lint → Vitest on PGlite and PostgreSQL → production build →
#   Playwright against PostgreSQL (every spec) → Playwright sign-in on embedded PGlite.
# DATABASE_URL names a PostgreSQL server (default: the local one); each run makes its own
# fresh databases on it and drops them afterwards, so it never touches existing data.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if ! node -e "
  const sql = require('postgres')(process.env.DATABASE_URL, { max: 1, connect_timeout: 5, onnotice() {} });
  sql\`select 1\`.then(() => sql.end(), (e) => { console.error(e.message); process.exit(1); });
" ; then
  echo "PostgreSQL is not reachable at DATABASE_URL=$DATABASE_URL." >&2
  echo "Start it, or point DATABASE_URL at a server where this user may CREATE DATABASE." >&2
  exit 1
fi
if ! command -v openssl >/dev/null; then
  echo "openssl not found: the production walk-through's TLS proxy needs it (Debian: apt-get install -y openssl)." >&2
  exit 1
fi
if ! command -v pdffonts >/dev/null; then
  echo "pdffonts not found: a test checks the signed PDF's fonts with it (Debian: apt-get install -y poppler-utils)." >&2
  exit 1
fi
if ! command -v unzip >/dev/null; then
  echo "unzip not found: a test checks the permissions folder with unzip -t (Debian: apt-get install -y unzip)." >&2
  exit 1
fi
if [ ! -x "$chromium" ]; then
  echo "Chromium not found at $chromium. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi

rm -rf test-results
step "typecheck"
npm run --silent typecheck
step "lint"
npm run --silent lint
step "integration tests (PGlite and PostgreSQL)"
npm run --silent test:int
step "production build"
npm run --silent build
step "browser tests against PostgreSQL"
E2E_REPORT=test-results/e2e-postgres.json npm run --silent test:e2e
step "browser sign-in tests on the embedded PGlite default"
E2E_REPORT=test-results/e2e-pglite.json env -u DATABASE_URL npm run --silent test:e2e -- e2e/sign-in.spec.ts
step "summary"
node scripts/summarize-tests.mjs test-results/vitest.json test-results/e2e-postgres.json test-results/e2e-pglite.json
