// `npm run build` (after compiling the server code) and `npm run build:web`: bundles the browser pages and the feedback widget into WEB_DIST_DIR (default dist/web).
import { resolve } from 'node:path';
import { loadPlatformConfig } from '@hindsight/config';
import { buildWeb } from './web-build';

buildWeb(resolve(loadPlatformConfig().web.distDir), (line) => process.stdout.write(`${line}\n`)).catch(
  (error: unknown) => {
    process.stderr.write(`build:web failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
