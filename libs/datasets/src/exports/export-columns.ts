import type { DatasetOutput, DatasetRecipe } from '../recipe/dataset-recipe';

/** The exports: every output but `preference` (the trainer's own files). */
export type ExportOutput = Exclude<DatasetOutput, 'preference'>;

/** How a column is stored in Parquet: UTF-8 string, boolean, double, or a list of {role, content} messages. */
export type ColumnKind = 'string' | 'boolean' | 'double' | 'messages';

export interface ExportColumn {
  readonly name: string;
  readonly kind: ColumnKind;
}

const strings = (...names: string[]): ExportColumn[] => names.map((name) => ({ name, kind: 'string' }));

/**
 * The columns of one export, in the order every row writes them. Key names follow
 * TRL (dataset formats: standard and conversational preference, unpaired
 * preference `prompt`/`completion`/`label`) or, with `keyNames: openrlhf`,
 * OpenRLHF's default keys (openrlhf/cli/train_kto.py: `--input_key input`,
 * `--output_key`, `--label_key label`; train_rm.py and train_dpo.py:
 * `--prompt_key`, `--chosen_key chosen`, `--rejected_key rejected`, so pairs keep
 * TRL's names). The optional rater columns come last.
 */
export function exportColumns(
  output: ExportOutput,
  recipe: Pick<DatasetRecipe, 'keyNames' | 'raterColumns'>,
): ExportColumn[] {
  const rater = [
    ...(recipe.raterColumns.id ? strings('rater_id') : []),
    ...(recipe.raterColumns.profile ? strings('rater_group', 'rater_region') : []),
  ];
  switch (output) {
    case 'trl-preference':
    case 'corrections':
      return [...strings('prompt', 'chosen', 'rejected'), ...rater];
    case 'trl-conversational':
      return [...['prompt', 'chosen', 'rejected'].map((name): ExportColumn => ({ name, kind: 'messages' })), ...rater];
    case 'kto':
      return recipe.keyNames === 'openrlhf'
        ? [...strings('input', 'output'), { name: 'label', kind: 'boolean' }, ...rater]
        : [...strings('prompt', 'completion'), { name: 'label', kind: 'boolean' }, ...rater];
    case 'ratings':
      return [
        ...strings('prompt', 'response', 'objective', 'dimension'),
        { name: 'score', kind: 'double' },
        { name: 'scale_min', kind: 'double' },
        { name: 'scale_max', kind: 'double' },
        ...rater,
      ];
    default:
      return assertNever(output);
  }
}

function assertNever(output: never): never {
  throw new Error(`exportColumns: unknown output ${String(output)}`);
}
