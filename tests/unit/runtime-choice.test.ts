/**
 * Which runtimes the workspace offers, which it starts with, and how switching moves the workspace's
 * listeners from one runtime to the other.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialRuntime, runtimeOptions } from '../../src/runtime/choose-runtime.ts';
import type { RuntimeEvent } from '../../src/runtime/events.ts';
import type { LabRuntime } from '../../src/runtime/lab-runtime.ts';
import { SwitchableRuntime } from '../../src/runtime/switchable.ts';

const supported = { ok: true } as const;
const notIsolated = { ok: false, problem: 'not-isolated', message: 'not isolated' } as const;

test('served by npm start in Chromium: both runtimes, local first', () => {
  const options = runtimeOptions({ localSecret: 's3cret', webContainer: supported });
  assert.deepEqual(
    options.map((option) => [option.kind, option.available]),
    [
      ['local', true],
      ['webcontainer', true],
    ],
  );
  assert.equal(initialRuntime(options, null), 'local');
  assert.equal(initialRuntime(options, 'webcontainer'), 'webcontainer', 'the saved choice wins');
  assert.equal(initialRuntime(options, 'mars'), 'local', 'an unknown saved choice is ignored');
});

test('a static host: only the in-browser runtime, and a saved local choice cannot win', () => {
  const options = runtimeOptions({ localSecret: undefined, webContainer: supported });
  assert.equal(initialRuntime(options, 'local'), 'webcontainer');
  assert.match(options[0]!.reason!, /npm install && npm start/);
});

test('no runtime at all: none chosen, and each option says why', () => {
  const options = runtimeOptions({ localSecret: undefined, webContainer: notIsolated });
  assert.equal(initialRuntime(options, null), undefined);
  assert.deepEqual(
    options.map((option) => option.reason),
    ['The local runtime needs the Operable server: clone the course, run `npm install && npm start` and open the link it prints.', 'not isolated'],
  );
});

test('a page from npm start opened without its printed link: the local runtime is locked, and says which link to open', () => {
  const options = runtimeOptions({ localSecret: undefined, localLocked: true, webContainer: supported });
  assert.equal(initialRuntime(options, 'local'), 'webcontainer');
  assert.match(options[0]!.reason!, /not through the link it printed: open that link/);
});

/** A runtime that records calls and lets the test emit events. */
function recordingRuntime(label: string) {
  const calls: string[] = [];
  const listeners = new Set<(event: RuntimeEvent) => void>();
  const runtime: LabRuntime = {
    label,
    start: async () => (calls.push('start'), { ok: true }),
    stop: async () => void calls.push('stop'),
    signal: async (signal) => void calls.push(`signal ${signal}`),
    request: async () => ({ kind: 'error', message: 'none', elapsedMs: 0 }) as never,
    setFake: async (name, mode) => void calls.push(`fake ${name} ${mode}`),
    runChecks: async () => {
      calls.push('checks');
      return { lab: 'x', title: 'x', passed: true, score: 0, maxScore: 0, durationMs: 0, checks: [] };
    },
    traces: async () => undefined,
    subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    close: () => void calls.push('close'),
  };
  return { runtime, calls, emit: (event: RuntimeEvent) => listeners.forEach((listener) => listener(event)), listeners };
}

test('switching stops the service on the old runtime and moves listeners to the new one', async () => {
  const local = recordingRuntime('Local runtime');
  const browser = recordingRuntime('In the browser (WebContainer)');
  const switchable = new SwitchableRuntime(local.runtime);
  const heard: string[] = [];
  switchable.subscribe((event) => heard.push(event.type));

  await switchable.start({});
  local.emit({ type: 'starting' });
  assert.equal(switchable.label, 'Local runtime');

  await switchable.use(browser.runtime);
  assert.equal(switchable.label, 'In the browser (WebContainer)');
  assert.deepEqual(local.calls, ['start', 'stop'], 'the old runtime stopped its service');
  assert.equal(local.listeners.size, 0, 'no longer listening to the old runtime');
  local.emit({ type: 'started', port: 1 });
  browser.emit({ type: 'runtime-progress', message: 'booting' });
  assert.deepEqual(heard, ['starting', 'runtime-progress']);

  await switchable.signal('SIGTERM');
  await switchable.setFake('database', 'down');
  await switchable.runChecks({}, () => {});
  assert.deepEqual(browser.calls, ['signal SIGTERM', 'fake database down', 'checks']);

  await switchable.use(browser.runtime);
  assert.deepEqual(browser.calls, ['signal SIGTERM', 'fake database down', 'checks'], 'choosing the current runtime again does nothing');
});
