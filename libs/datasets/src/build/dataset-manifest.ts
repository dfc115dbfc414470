import type { DatasetRecipe } from '../recipe/dataset-recipe';

export interface DatasetFileEntry {
  readonly name: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
}

/** manifest.json: everything needed to know what a build contains and to repeat it. Deterministic: no wall-clock time. */
export interface DatasetManifest {
  readonly format: 'hindsight.dataset-manifest';
  readonly version: 1;
  readonly tenant: string;
  readonly asOf: string;
  readonly recipe: DatasetRecipe;
  readonly codeVersion: string;
  readonly counts: {
    readonly comparisonsConsidered: number;
    readonly pairs: number;
    readonly bySplit: Readonly<Record<string, number>>;
    readonly byObjective: Readonly<Record<string, number>>;
    readonly byRaterGroup: Readonly<Record<string, number>>;
    readonly byExclusionReason: Readonly<Record<string, number>>;
    /** Rows per export (every output but `preference`), all splits together. */
    readonly byOutput?: Readonly<Record<string, number>>;
    /** Interactions, feedback, outcomes and ratings recorded by T, kept and erased (when an output reads them). */
    readonly signals?: Readonly<Record<string, { readonly included: number; readonly erased: number }>>;
    /**
     * Personal data the api redacted in the interactions that gave rows (kto, corrections), summed per kind
     * (`email`, `phone`, `card`, `iban`, `ip`, `custom:<name>`); present when an output reads interactions.
     */
    readonly redactions?: Readonly<Record<string, number>>;
  };
  readonly kafkaOffsets: readonly { topic: string; partition: number; maxOffset: string; events: number }[];
  readonly erasuresApplied: readonly { eventId: string; subjectKind: string; recordedAt: string }[];
  readonly files: readonly DatasetFileEntry[];
  /** SHA-256 over the files' hashes in order: one value that names the whole build. */
  readonly sha256: string;
}

/** JSON with object keys sorted at every level, so equal manifests are equal bytes. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
