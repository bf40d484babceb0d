import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

const appFiles = filesUnder('app').map((file) => file.split(path.sep).join('/'));
const routeOf = (file: string) => file.replace(/^app/, '').replace(/\/(page\.tsx|route\.ts)$/, '') || '/';

/** Every page under app/, as its route template ("/papers/[paperId]"), found by reading the tree. */
export const discoveredPages = appFiles.filter((file) => file.endsWith('/page.tsx')).map(routeOf).sort();
/** Every route handler under app/. */
export const discoveredRoutes = appFiles.filter((file) => file.endsWith('/route.ts')).map(routeOf).sort();
/** Every file under app/, for finding server actions. */
export const appSourceFiles = appFiles;
