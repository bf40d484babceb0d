// npm run evidence:vectors: writes docs/evidence-test-vectors.json from the portal's own code.
// A test checks that the committed file is what the code produces, and that the independent
// verifier (scripts/verify-evidence.mjs) agrees with every vector.
import { writeFileSync } from 'node:fs';

import { buildTestVectors } from '@/lib/evidence/test-vectors';

writeFileSync('docs/evidence-test-vectors.json', `${JSON.stringify(buildTestVectors(), null, 2)}\n`);
console.log('Wrote docs/evidence-test-vectors.json');
