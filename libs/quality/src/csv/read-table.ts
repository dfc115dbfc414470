import { invalidInput } from '../agreement/invalid-input';
import { parseCsv } from './parse-csv';

export interface CsvTable {
  /** header names, trimmed */
  readonly header: string[];
  /** data rows with their 1-based line number in the file; cells trimmed; blank lines left out */
  readonly rows: { line: number; cells: string[] }[];
}

/**
 * Parses CSV text with a header row into trimmed cells, dropping blank lines and
 * checking that every row has as many cells as the header. Line numbers count
 * physical rows of the CSV (header is line 1).
 *
 * @example
 * readTable('fn', 'a,b\n1, 2\n'); // { header: ['a', 'b'], rows: [{ line: 2, cells: ['1', '2'] }] }
 * @throws ValidationError naming `fn` when the text has no header, a header name
 *   is empty or repeated, or a row has a different number of cells.
 */
export function readTable(fn: string, text: string): CsvTable {
  const records = parseCsv(text);
  if (records.length === 0) throw invalidInput(fn, 'csv', 'must have a header row');
  const header = records[0].map((name) => name.trim());
  header.forEach((name, i) => {
    if (name === '') throw invalidInput(fn, `header column ${i + 1}`, 'must not be empty');
    if (header.indexOf(name) !== i) throw invalidInput(fn, `header column ${i + 1}`, `must not repeat "${name}"`);
  });
  const rows: CsvTable['rows'] = [];
  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    if (record.length === 1 && record[0].trim() === '') return;
    if (record.length !== header.length)
      throw invalidInput(fn, `line ${line}`, `must have ${header.length} cells like the header, got ${record.length}`);
    rows.push({ line, cells: record.map((cell) => cell.trim()) });
  });
  return { header, rows };
}
