import { invalidInput } from '../agreement/invalid-input';
import type { Annotation } from '../reliability/annotation';
import { readTable } from './read-table';

/**
 * Reads long-format annotations with the columns `task`, `rater` and `label` (in
 * any order; other columns are ignored). A line with an empty label is a missing
 * answer and is skipped.
 *
 * @example
 * parseAnnotationsCsv('task,rater,label\nt1,ann,yes\nt1,bob,\n'); // [{ task: 't1', rater: 'ann', label: 'yes' }]
 * @throws ValidationError when a required column is absent, a line has the wrong
 *   number of cells, a task or rater is empty, or no line has a label.
 */
export function parseAnnotationsCsv(text: string): Annotation[] {
  const fn = 'parseAnnotationsCsv';
  const { header, rows } = readTable(fn, text);
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw invalidInput(fn, 'header', `must have a "${name}" column (got ${header.join(', ')})`);
    return index;
  };
  const [task, rater, label] = [column('task'), column('rater'), column('label')];
  const annotations: Annotation[] = [];
  for (const row of rows) {
    if (row.cells[task] === '') throw invalidInput(fn, `line ${row.line}: task`, 'must not be empty');
    if (row.cells[rater] === '') throw invalidInput(fn, `line ${row.line}: rater`, 'must not be empty');
    if (row.cells[label] === '') continue;
    annotations.push({ task: row.cells[task], rater: row.cells[rater], label: row.cells[label] });
  }
  if (annotations.length === 0) throw invalidInput(fn, 'csv', 'must have at least one labelled line');
  return annotations;
}
