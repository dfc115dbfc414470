export {
  buildWeb,
  bundleWidget,
  ensureWebBuild,
  readWebManifest,
  webSourceHash,
  WEB_ENTRIES,
  type WebEntry,
  type WebManifest,
} from './web-build';
