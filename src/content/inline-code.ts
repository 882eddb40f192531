/**
 * @module
 * Frontmatter strings (objectives, summaries) may quote code in backticks, as Markdown does; this
 * splits them so a page can render those parts as <code>.
 */
export interface TextPart {
  text: string;
  code: boolean;
}

export function splitInlineCode(text: string): TextPart[] {
  return text
    .split(/(`[^`]+`)/)
    .filter(Boolean)
    .map((part) => (part.startsWith('`') && part.endsWith('`') ? { text: part.slice(1, -1), code: true } : { text: part, code: false }));
}
