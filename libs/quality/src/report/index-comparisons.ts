import { invalidInput } from '../agreement/invalid-input';
import { surfaceFeatures } from '../length-bias/surface-features';
import { CHOSE_FIRST, CHOSE_SECOND, CHOSE_TIE, type ComparisonIndex } from './comparison-index';
import { TIE, type ComparisonRecord, type RaterProfile } from './comparison-record';

const FN = 'indexComparisons';
const UNKNOWN = 'unknown';

class Interner {
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  code(name: string): number {
    let c = this.codes.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.codes.set(name, c);
      this.names.push(name);
    }
    return c;
  }
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

const REQUIRED = ['id', 'taskId', 'taskType', 'objective', 'raterId'] as const;

// Paths are built only when a rule is broken, so a valid record allocates nothing here.
const path = (i: number, field: string): string => `comparisons[${i}]${field}`;

function validate(c: ComparisonRecord, i: number): void {
  if (c === null || typeof c !== 'object') throw invalidInput(FN, path(i, ''), 'must be a comparison record');
  for (let f = 0; f < REQUIRED.length; f++) {
    if (!isText(c[REQUIRED[f]])) throw invalidInput(FN, path(i, `.${REQUIRED[f]}`), 'must be a non-empty string');
  }
  const r = c.responses;
  if (!Array.isArray(r) || r.length !== 2)
    throw invalidInput(FN, path(i, '.responses'), 'must hold exactly two responses');
  for (let k = 0; k < 2; k++) {
    const response = r[k];
    if (response === null || typeof response !== 'object')
      throw invalidInput(FN, path(i, `.responses[${k}]`), 'must be a response');
    if (!isText(response.id)) throw invalidInput(FN, path(i, `.responses[${k}].id`), 'must be a non-empty string');
    if (typeof response.text !== 'string') throw invalidInput(FN, path(i, `.responses[${k}].text`), 'must be a string');
    if (!isText(response.modelVersion))
      throw invalidInput(FN, path(i, `.responses[${k}].modelVersion`), 'must be a non-empty string');
  }
  const a = r[0].id;
  const b = r[1].id;
  if (a === b) throw invalidInput(FN, path(i, '.responses[1].id'), 'must differ from responses[0].id');
  const o = c.shownOrder;
  if (!Array.isArray(o) || o.length !== 2 || !((o[0] === a && o[1] === b) || (o[0] === b && o[1] === a))) {
    throw invalidInput(FN, path(i, '.shownOrder'), 'must list the two response ids in the order shown');
  }
  if (c.choice !== TIE && c.choice !== a && c.choice !== b)
    throw invalidInput(FN, path(i, '.choice'), "must be one of the response ids or 'tie'");
  if (typeof c.occurredAt !== 'string' || Number.isNaN(Date.parse(c.occurredAt)))
    throw invalidInput(FN, path(i, '.occurredAt'), 'must be an ISO-8601 timestamp');
}

/**
 * Validates the comparisons and builds their columnar `ComparisonIndex` in one
 * linear pass. A comparison's group is its `raterGroup`, else the group of the
 * rater's profile, else 'unknown'; a missing interface version is 'unknown'.
 * Surface features are computed once per task and response (A = the smaller id).
 *
 * @example
 * const index = indexComparisons(records, { raters: profiles });
 * index.raters[index.rater[0]]; // the rater of the first comparison
 * @throws ValidationError naming the first offending field (`comparisons[12].choice`).
 */
export function indexComparisons(
  comparisons: readonly ComparisonRecord[],
  options: { raters?: readonly RaterProfile[]; progress?: (done: number, total: number) => void } = {},
): ComparisonIndex {
  if (!Array.isArray(comparisons)) throw invalidInput(FN, 'comparisons', 'must be an array');
  const n = comparisons.length;
  const profileGroup = new Map<string, string>();
  for (const p of options.raters ?? [])
    if (p && isText(p.raterId) && isText(p.group)) profileGroup.set(p.raterId, p.group);

  const raters = new Interner();
  const tasks = new Interner();
  const taskTypes = new Interner();
  const objectives = new Interner();
  const interfaces = new Interner();
  const groups = new Interner();
  const models = new Interner();
  // per task code: surface features of response A and B, −1 until computed (tasks ≤ comparisons)
  const surfaceCache = new Int8Array(2 * n).fill(-1);
  const surface = (slot: number, text: string): number => {
    if (surfaceCache[slot] < 0) surfaceCache[slot] = surfaceFeatures(text);
    return surfaceCache[slot];
  };

  const ids = new Array<string>(n);
  const rater = new Int32Array(n);
  const task = new Int32Array(n);
  const taskType = new Int32Array(n);
  const objective = new Int32Array(n);
  const interfaceVersion = new Int32Array(n);
  const group = new Int32Array(n);
  const firstModel = new Int32Array(n);
  const secondModel = new Int32Array(n);
  const choice = new Int8Array(n);
  const firstIsA = new Uint8Array(n);
  const firstLength = new Float64Array(n);
  const secondLength = new Float64Array(n);
  const firstSurface = new Uint8Array(n);
  const secondSurface = new Uint8Array(n);

  const step = 65_536;
  for (let i = 0; i < n; i++) {
    const c = comparisons[i];
    validate(c, i);
    ids[i] = c.id;
    rater[i] = raters.code(c.raterId);
    task[i] = tasks.code(c.taskId);
    taskType[i] = taskTypes.code(c.taskType);
    objective[i] = objectives.code(c.objective);
    interfaceVersion[i] = interfaces.code(isText(c.interfaceVersion) ? c.interfaceVersion : UNKNOWN);
    group[i] = groups.code(isText(c.raterGroup) ? c.raterGroup : (profileGroup.get(c.raterId) ?? UNKNOWN));
    const [r0, r1] = c.responses;
    const first = c.shownOrder[0] === r0.id ? r0 : r1;
    const second = first === r0 ? r1 : r0;
    firstModel[i] = models.code(first.modelVersion);
    secondModel[i] = models.code(second.modelVersion);
    firstIsA[i] = first.id < second.id ? 1 : 0;
    choice[i] = c.choice === TIE ? CHOSE_TIE : c.choice === first.id ? CHOSE_FIRST : CHOSE_SECOND;
    firstLength[i] = first.text.length;
    secondLength[i] = second.text.length;
    const t = task[i];
    firstSurface[i] = surface(2 * t + (firstIsA[i] === 1 ? 0 : 1), first.text);
    secondSurface[i] = surface(2 * t + (firstIsA[i] === 1 ? 1 : 0), second.text);
    if (options.progress && (i + 1) % step === 0) options.progress(i + 1, n);
  }
  options.progress?.(n, n);

  return {
    size: n,
    ids,
    raters: raters.names,
    tasks: tasks.names,
    taskTypes: taskTypes.names,
    objectives: objectives.names,
    interfaceVersions: interfaces.names,
    groups: groups.names,
    models: models.names,
    rater,
    task,
    taskType,
    objective,
    interfaceVersion,
    group,
    firstModel,
    secondModel,
    choice,
    firstIsA,
    firstLength,
    secondLength,
    firstSurface,
    secondSurface,
  };
}
