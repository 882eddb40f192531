/**
 * @module
 * A Markdown (hast) plugin for Astro's Sätteri processor that puts each part of a lesson (an h2 and what
 * follows it, up to the next h2) in a `<section class="lesson-section">`. The lesson's CSS gives those
 * `content-visibility: auto`: a lesson is 20,000 px of text, and opening the lab narrows it, which laid
 * all of it out again on the click (60–130 ms on 2 cores, on the way to the editor). Sections off
 * screen now skip layout and paint until they come near the viewport; find in page, links to a heading
 * and the table of contents still reach them.
 */
import type { ElementContent, RootContent } from 'hast';
import type { satteri } from '@astrojs/markdown-satteri';

type HastPlugin = NonNullable<NonNullable<Parameters<typeof satteri>[0]>['hastPlugins']>[number];

const isH2 = (node: RootContent): boolean => node.type === 'element' && node.tagName === 'h2';

/**
 * A node as plain data. The nodes a hook sees are handles into Sätteri's native tree (with `_resolver`
 * and `_id`); given as a new element's children they come out empty, so the part is copied instead.
 */
function plain<N extends RootContent>(node: N): N {
  const { _resolver, _id, ...rest } = node as N & { _resolver?: unknown; _id?: unknown };
  return ('children' in rest ? { ...rest, children: (rest.children as RootContent[]).map(plain) } : rest) as N;
}

/** The plugin, for `satteri({ hastPlugins: [lessonSections] })` in astro.config.mjs. */
export const lessonSections: HastPlugin = {
  name: 'operable:lesson-sections',
  after(root, ctx) {
    // Only documents cut into parts: a page without h2 stays as written.
    if (!root.children.some(isH2)) return;
    let part: RootContent[] | undefined;
    const parts: RootContent[][] = [];
    for (const node of root.children) {
      if (isH2(node)) parts.push((part = []));
      part?.push(node);
    }
    for (const nodes of parts) {
      ctx.insertBefore(nodes[0]!, {
        type: 'element',
        tagName: 'section',
        properties: { className: ['lesson-section'] },
        children: nodes.map(plain) as ElementContent[],
      });
      for (const node of nodes) ctx.removeNode(node);
    }
  },
};
