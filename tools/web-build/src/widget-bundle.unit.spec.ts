import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { bundleWidget } from './web-build';

/** The feedback widget as esbuild bundles it for `npm run build` (the api serves this script). */
describe('bundleWidget: the drop-in script', () => {
  let code: string;
  beforeAll(async () => {
    code = await bundleWidget();
  });

  it('is under 5 kB gzipped', () => {
    expect(code.length).toBeGreaterThan(1000);
    expect(gzipSync(code).length).toBeLessThan(5120);
  });

  it('is one classic script that defines window.Hindsight.mount and nothing module-like', () => {
    expect(code).not.toMatch(/\bimport\s*[{("']|\bexport\s|\brequire\(/);
    const window: { Hindsight?: { mount?: unknown } } = {};
    runInNewContext(code, { window });
    expect(typeof window.Hindsight?.mount).toBe('function');
  });
});
