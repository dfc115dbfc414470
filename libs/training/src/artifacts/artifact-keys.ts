import { ValidationError } from '@hindsight/contracts';

/*
 * The layout of the artifact store, the same in a local directory and a bucket:
 *   runs/<tenant>/<runId>/dataset/<objective>/{train,validation,test,excluded}.jsonl + manifest.json
 *   runs/<tenant>/<runId>/run.json     (written after every dataset of the run: its presence means they are complete)
 *   models/<tenant>/<modelVersion>.json (the serialised built-in reward model)
 * Run ids are chosen by clients and unique per tenant only, hence the tenant in
 * every key. External trainers (k8s/jobs) read the same keys.
 */

export const datasetKey = (tenant: string, runId: string, objective: string): string =>
  artifactKey(`runs/${tenant}/${runId}/dataset/${objective}`);
export const runFileKey = (tenant: string, runId: string): string => artifactKey(`runs/${tenant}/${runId}/run.json`);
export const modelKey = (tenant: string, modelVersion: string): string =>
  artifactKey(`models/${tenant}/${modelVersion}.json`);

/** The files of one dataset build, as the dataset builder writes them. */
export const DATASET_FILES = [
  'train.jsonl',
  'validation.jsonl',
  'test.jsonl',
  'excluded.jsonl',
  'manifest.json',
] as const;

const MAX_KEY_LENGTH = 1024;

/**
 * Checks a key and returns it: relative, `/`-separated, no empty, `.` or `..`
 * segment (a key must never climb out of the store's root or prefix), no
 * backslash or control character, at most 1024 characters (S3's limit).
 * @example artifactKey('runs/r1/run.json') // 'runs/r1/run.json'
 * @throws ValidationError on path `key` naming the rule broken.
 */
export function artifactKey(key: string): string {
  const rule = keyRule(key);
  if (rule) throw new ValidationError([{ path: 'key', rule: `${rule} (got "${key.slice(0, 200)}")` }]);
  return key;
}

function keyRule(key: string): string | undefined {
  if (key.length === 0) return 'artifactKey: must not be empty';
  if (key.length > MAX_KEY_LENGTH) return `artifactKey: at most ${MAX_KEY_LENGTH} characters`;
  if (/[\\\u0000-\u001f\u007f]/.test(key)) return 'artifactKey: no backslash or control character';
  if (key.split('/').some((s) => s === '' || s === '.' || s === '..'))
    return 'artifactKey: relative path of non-empty segments, none "." or ".."';
  return undefined;
}

/** `key/name`, both checked. */
export const childKey = (key: string, name: string): string => artifactKey(`${artifactKey(key)}/${name}`);
