import { Table, type TableTdProps } from '@mantine/core';
import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  /** Header for screen readers only (a column of buttons). */
  hideHeader?: boolean;
  cell: (row: T) => ReactNode;
  /** Props for every cell of the column (wrapping, width). */
  td?: TableTdProps;
}

/**
 * A striped table that scrolls sideways below `minWidth`. `false` entries in `columns` are skipped,
 * so a column can be written as `canEdit && { … }`.
 */
export function DataTable<T>({ rows, rowKey, columns, minWidth, highlightOnHover }: {
  rows: T[];
  rowKey: (row: T, index: number) => string | number;
  columns: (Column<T> | false)[];
  minWidth: number;
  highlightOnHover?: boolean;
}) {
  const shown = columns.filter((c): c is Column<T> => c !== false);
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped highlightOnHover={highlightOnHover} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            {shown.map((c, i) => (
              <Table.Th key={i}>{c.hideHeader ? <span className="sr-only">{c.header}</span> : c.header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            <Table.Tr key={rowKey(row, i)}>
              {shown.map((c, i) => (
                <Table.Td key={i} {...c.td}>
                  {c.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
