/**
 * @module
 * The workspace's frame: its controls on top, then the code (file tabs, editor or solution diff) above
 * the output panels, with a splitter between them, all filling the pane, so no part of the workspace
 * needs the page to scroll: the controls, the editor and each panel scroll in their own box.
 */
import { h } from './dom.ts';
import { createSplitter } from './splitter.ts';

export interface WorkspaceParts {
  /** Header, notices, toolbars, fault switches, environment, status: what stays above the code. */
  controls: Array<HTMLElement | null | undefined>;
  /** The file tabs (a tablist) and what they show: the editor, and the diff that takes its place. */
  fileTabs: HTMLElement;
  code: HTMLElement[];
  /** The output panels' tabs (a tablist) and their tabpanels. */
  panelTabs: HTMLElement;
  panels: HTMLElement[];
}

/** A lock for a read-only file's tab, narrower than the words it stands for (which screen readers still get). */
export function readOnlyMark(): HTMLElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('lock');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7Zm2 0h4V5a2 2 0 0 0-4 0Z');
  svg.append(path);
  return h('span', { class: 'muted read-only', title: 'read-only' }, svg, h('span', { class: 'visually-hidden' }, ' (read-only)'));
}

export function workspaceFrame(parts: WorkspaceParts): HTMLElement {
  const keys = h('p', { class: 'muted small ws-keys' }, 'Tab indents; Ctrl+M (⌘+M on a Mac) makes Tab move focus.');
  const code = h('div', { class: 'ws-code' }, parts.fileTabs, ...parts.code, keys);
  const output = h('div', { class: 'ws-output' }, parts.panelTabs, ...parts.panels);
  const split = h('div', { class: 'ws-split' }, code, output);
  const splitter = createSplitter({
    orientation: 'horizontal',
    label: 'Resize the editor and the panels',
    primary: code,
    container: split,
    property: '--editor-size',
    storageKey: 'operable:layout:editor-height',
    initial: 60,
    min: 15,
    max: 85,
    step: 5,
  });
  split.insertBefore(splitter, output);
  return h('div', { class: 'workspace' }, h('div', { class: 'ws-controls' }, ...parts.controls), split);
}
