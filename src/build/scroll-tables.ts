/**
 * @module
 * A Markdown (hast) plugin for Astro's Sätteri processor that puts every table of a lesson in a box of
 * its own that scrolls sideways, so a wide table on a phone scrolls itself rather than the page. The box
 * is a named, focusable region: a keyboard user can reach it to scroll it, and a screen reader says
 * which table it holds.
 */
import type { Element, ElementContent } from 'hast';
import type { satteri } from '@astrojs/markdown-satteri';

type HastPlugin = NonNullable<NonNullable<Parameters<typeof satteri>[0]>['hastPlugins']>[number];

/** The text of a node and its descendants. */
function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** The table's first row, in its head or its body. */
function firstRow(node: Element): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'tr') return child;
    const row = firstRow(child);
    if (row) return row;
  }
  return undefined;
}

/**
 * "Table: Signal, Number, Who sends it", from the cells of the table's first row.
 * @example describeTable(table) // "Table: Probe, Answers, Fails when"
 */
export function describeTable(table: Element): string {
  const cells = (firstRow(table)?.children ?? []).filter((cell) => cell.type === 'element').map((cell) => textOf(cell).trim());
  return cells.length ? `Table: ${cells.join(', ')}` : 'Table';
}

/** The plugin, for `satteri({ hastPlugins: [scrollTables] })` in astro.config.mjs. */
export const scrollTables: HastPlugin = {
  name: 'operable:scroll-tables',
  element: {
    filter: ['table'],
    visit(table, ctx) {
      // Two regions of one page may not share a name: a repeated one gets a number.
      const names = ((ctx.data as { tableNames?: Map<string, number> }).tableNames ??= new Map<string, number>());
      const name = describeTable(table as Element);
      const seen = (names.get(name) ?? 0) + 1;
      names.set(name, seen);
      ctx.wrapNode(table, {
        type: 'element',
        tagName: 'div',
        properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: seen > 1 ? `${name} (${seen})` : name },
        children: [],
      });
    },
  },
};
