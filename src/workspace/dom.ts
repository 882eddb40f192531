/**
 * @module
 * A tiny element builder for the workspace's UI, so it needs no framework.
 */
type Child = Node | string | null | undefined | false;
type Props = Record<string, string | boolean | number | ((event: Event) => void) | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/**
 * Makes a set of role="tab" buttons behave as WAI-ARIA tabs: one in the Tab order, arrow keys move
 * between them, Home/End jump. `select` is called with the chosen tab's index.
 */
export function tabList(list: HTMLElement, tabs: HTMLElement[], select: (index: number) => void): (index: number) => void {
  const activate = (index: number) => {
    tabs.forEach((tab, i) => {
      tab.setAttribute('aria-selected', String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
    });
    select(index);
  };
  list.addEventListener('keydown', (event) => {
    const current = tabs.indexOf(document.activeElement as HTMLElement);
    if (current < 0) return;
    const next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const index = (next + tabs.length) % tabs.length;
    activate(index);
    tabs[index]!.focus();
  });
  tabs.forEach((tab, i) => tab.addEventListener('click', () => activate(i)));
  return activate;
}

/** Text with `backticked` spans as <code>, for messages written for the learner. */
export function codeSpans(text: string): Node[] {
  return text.split(/`([^`]+)`/).flatMap((part, index) => (index % 2 ? [h('code', {}, part)] : links(part)));
}

/** Text with its https:// addresses as links (a runtime's message may point to a guide); a final full stop stays text. */
function links(text: string): Node[] {
  return text.split(/(https:\/\/[^\s]+?)(?=[.,;:)]?(?:\s|$))/).map((part, index) =>
    index % 2 ? h('a', { href: part, target: '_blank', rel: 'noopener' }, part) : document.createTextNode(part),
  );
}
