import type { ComponentChildren } from 'preact';

/** One column: its header, and what a row shows in it. */
export interface Column<T> {
  readonly header: ComponentChildren;
  readonly cell: (row: T) => ComponentChildren;
  /** The row's header cell (`<th scope="row">`): the column that names the row. */
  readonly rowHeader?: boolean;
  /** Attributes of the column's cells (`data-field`, `data-metric`, `class`). */
  readonly attrs?: Readonly<Record<string, string>>;
}

export interface DataTableProps<T> {
  /** `data-table` of the table (the e2e reads rows by it). */
  readonly id: string;
  /** The name of the scrolling region the table sits in (a screen reader says it). */
  readonly label: string;
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  /** Attributes of each row (`data-run`, `data-policy`, …). */
  readonly rowAttrs?: (row: T) => Readonly<Record<string, string>>;
  readonly caption?: ComponentChildren;
}

/**
 * The one table of the console: header row, one row a datum, in a region that
 * scrolls sideways on a narrow screen (the page itself never does) and takes the
 * keyboard's focus so it can be scrolled without a mouse.
 */
export function DataTable<T>({ id, label, rows, columns, rowKey, rowAttrs, caption }: DataTableProps<T>) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={`${label} (scrolls sideways on narrow screens)`}>
      <table data-table={id}>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th scope="col" key={i}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...(rowAttrs?.(row) ?? {})}>
              {columns.map((c, i) =>
                c.rowHeader ? (
                  <th scope="row" key={i} {...(c.attrs ?? {})}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={i} {...(c.attrs ?? {})}>
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
