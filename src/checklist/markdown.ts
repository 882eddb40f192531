/**
 * @module
 * The checklist as Markdown for a pull request or a review document: a task list per group, ticked
 * where the learner ticked, with the audit items that verify each so a reviewer can re-run them.
 */

export interface ExportItem {
  title: string;
  checked: boolean;
  /** The `operable audit` items that verify it, if any. */
  audit: readonly string[];
}

export interface ExportGroup {
  title: string;
  items: readonly ExportItem[];
}

/** Characters that would turn a learner's service name into Markdown syntax. */
const escapeInline = (text: string) => text.replace(/[\\`*_[\]<>#|]/g, (char) => `\\${char}`);

/** `# Production readiness: orders`, a count, then `- [x]` items grouped under `##` headings. */
export function checklistMarkdown(groups: readonly ExportGroup[], { service, date }: { service: string; date: string }): string {
  const items = groups.flatMap((group) => group.items);
  const done = items.filter((item) => item.checked).length;
  const name = service.trim().replace(/\s+/g, ' ');
  const lines = [
    `# Production readiness${name ? `: ${escapeInline(name)}` : ''}`,
    '',
    `${done} of ${items.length} items checked on ${date}. Items marked *audit* can be re-checked from outside with \`npx operable audit <url>\`.`,
  ];
  for (const group of groups) {
    lines.push('', `## ${group.title}`, '');
    for (const item of group.items) {
      const audit = item.audit.length ? ` *audit: ${item.audit.map((id) => `\`${id}\``).join(', ')}*` : '';
      lines.push(`- [${item.checked ? 'x' : ' '}] ${item.title}${audit}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
