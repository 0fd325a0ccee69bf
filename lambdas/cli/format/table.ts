/** A plain-text table for people: aligned columns, no borders, one header line. Used by every command. */

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Numbers read better right-aligned. */
  align?: 'left' | 'right';
  /** Longer cells are cut with an ellipsis; the last column is never padded, so it may run long. */
  maxWidth?: number;
}

export interface TableOptions {
  /** Prefix of every line (e.g. two spaces under a section heading). */
  indent?: string;
  /** Spaces between columns. */
  gap?: number;
  /** Print the header line (default true). */
  header?: boolean;
}

function clip(text: string, max: number | undefined): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  if (max === undefined || oneLine.length <= max) return oneLine;
  return max <= 1 ? oneLine.slice(0, max) : `${oneLine.slice(0, max - 1)}…`;
}

/** The rendered table, each line ending with a newline; the empty string when there are no rows. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], options: TableOptions = {}): string {
  if (rows.length === 0 || columns.length === 0) return '';
  const indent = options.indent ?? '';
  const gap = ' '.repeat(options.gap ?? 2);
  const withHeader = options.header ?? true;
  const cells = rows.map((row) => columns.map((c) => clip(c.value(row), c.maxWidth)));
  const lines = withHeader ? [columns.map((c) => c.header), ...cells] : cells;
  const widths = columns.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  const last = columns.length - 1;
  return lines
    .map((line) => {
      const padded = line.map((cell, i) => {
        if (columns[i]!.align === 'right') return cell.padStart(widths[i]!);
        return i === last ? cell : cell.padEnd(widths[i]!);
      });
      return `${indent}${padded.join(gap)}`.trimEnd();
    })
    .map((line) => `${line}\n`)
    .join('');
}
