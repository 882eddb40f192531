/**
 * @module
 * Fault switches for the lab's fake dependencies: take the database down, make it slow or make it
 * hang, while the service runs, and watch what the probes and requests do.
 */
import type { WorkspaceFake } from '../../engine/lab.ts';
import type { LabRuntime } from '../../runtime/lab-runtime.ts';
import type { RuntimeEvent } from '../../runtime/events.ts';
import { h } from '../dom.ts';

const MODES = [
  ['up', 'Up'],
  ['down', 'Down'],
  ['slow', 'Slow (2 s)'],
  ['hanging', 'Hanging'],
] as const;

export interface FaultSwitches {
  element: HTMLElement;
  setRunning(running: boolean): void;
  handle(event: RuntimeEvent): void;
}

export function createFaultSwitches(runtime: LabRuntime, fakes: WorkspaceFake[], onError: (message: string) => void): FaultSwitches {
  const inputs: HTMLInputElement[] = [];
  const groups = fakes.map((fake) =>
    h(
      'fieldset',
      { class: 'ws-fault' },
      h('legend', {}, fake.label),
      ...MODES.map(([mode, label]) => {
        const input = h('input', { type: 'radio', name: `fake-${fake.name}`, value: mode, checked: mode === 'up', disabled: true, 'data-fake': fake.name });
        input.addEventListener('change', () => void runtime.setFake(fake.name, mode).catch((error: Error) => onError(error.message)));
        inputs.push(input);
        return h('label', {}, input, ` ${label}`);
      }),
    ),
  );
  return {
    element: h('div', { class: 'ws-faults', role: 'group', 'aria-label': 'Fault switches' }, ...groups),
    setRunning(running) {
      for (const input of inputs) input.disabled = !running;
    },
    handle(event) {
      if (event.type !== 'fake') return;
      for (const input of inputs) if (input.dataset.fake === event.name) input.checked = input.value === event.mode;
    },
  };
}
