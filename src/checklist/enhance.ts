/**
 * @module
 * Brings lesson 10's checklist to life: the page already holds every item as a real checkbox with its
 * label (readable, and tickable, without JavaScript); this saves the ticks and the service's name in
 * localStorage, restores them on the next visit, counts them, and exports them as Markdown. The item
 * texts are read from the page, so no copy of them ships as JavaScript.
 */
import { checklistMarkdown, type ExportGroup } from './markdown.ts';
import { clearState, emptyState, loadState, saveState, type ChecklistState } from './storage.ts';

const boxes = (root: ParentNode) => [...root.querySelectorAll<HTMLInputElement>('input[data-checklist-item]')];

/** The groups and items as the page shows them, ticked as they are now. */
function readGroups(root: ParentNode): ExportGroup[] {
  return [...root.querySelectorAll<HTMLElement>('[data-checklist-group]')].map((group) => ({
    title: group.dataset.checklistGroup ?? '',
    items: boxes(group).map((box) => ({
      title: (box.labels?.[0]?.textContent ?? '').trim().replace(/\s+/g, ' '),
      checked: box.checked,
      audit: (box.dataset.audit ?? '').split(' ').filter(Boolean),
    })),
  }));
}

const fileName = (service: string) => `readiness-${service.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'checklist'}.md`;

export function enhanceChecklist(tools: HTMLElement, root: ParentNode = document): void {
  const all = boxes(root);
  const service = tools.querySelector<HTMLInputElement>('[data-checklist-service]')!;
  const progress = tools.querySelector<HTMLElement>('[data-checklist-progress]')!;
  const status = tools.querySelector<HTMLElement>('[data-checklist-status]')!;
  let state: ChecklistState = loadState(localStorage, new Set(all.map((box) => box.dataset.checklistItem!)));

  const show = () => {
    const checked = new Set(state.checked);
    for (const box of all) box.checked = checked.has(box.dataset.checklistItem!);
    service.value = state.service;
    progress.textContent = `${state.checked.length} of ${all.length} checked`;
  };
  const update = (next: ChecklistState) => {
    state = next;
    saveState(localStorage, state);
    progress.textContent = `${state.checked.length} of ${all.length} checked`;
  };
  const say = (message: string) => {
    status.textContent = message;
  };
  const markdown = () => checklistMarkdown(readGroups(root), { service: state.service, date: new Date().toISOString().slice(0, 10) });

  root.addEventListener('change', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.dataset.checklistItem) return;
    update({ ...state, checked: all.filter((each) => each.checked).map((each) => each.dataset.checklistItem!) });
  });
  service.addEventListener('input', () => update({ ...state, service: service.value }));

  tools.querySelector('[data-checklist-copy]')!.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(markdown());
      say('Copied the checklist as Markdown.');
    } catch {
      say('The browser refused the clipboard: use Download instead.');
    }
  });
  tools.querySelector('[data-checklist-download]')!.addEventListener('click', () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([markdown()], { type: 'text/markdown' }));
    link.download = fileName(state.service);
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    say(`Downloaded ${link.download}.`);
  });
  tools.querySelector('[data-checklist-reset]')!.addEventListener('click', () => {
    if (!confirm('Untick every item and forget the service name?')) return;
    clearState(localStorage);
    state = emptyState();
    show();
    say('The checklist is empty again.');
  });

  show();
  tools.hidden = false;
}
