#!/usr/bin/env bash
# npm run test:faults: the long fault, fuzz and load tests (playwright.faults.config.ts). Needs a
# production build (npm test makes one; or npm run build) and PostgreSQL, which one test restarts:
# run it after npm test, never beside it. .ci/run calls it after npm test.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if [ ! -f .next/BUILD_ID ]; then
  echo "No production build: run npm run build (or npm test) first." >&2
  exit 1
fi
mkdir -p test-results
FAULTS_REPORT=test-results/faults.json ./node_modules/.bin/playwright test --config playwright.faults.config.ts "$@"
