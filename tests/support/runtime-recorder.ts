/**
 * @module
 * What a WebContainer runtime told its listeners, for the runtime tests: every event, and the text
 * of its Terminal panel.
 */
import type { RuntimeEvent } from '../../src/runtime/events.ts';
import type { WebContainerRuntime } from '../../src/runtime/webcontainer.ts';

export function recordRuntime(runtime: WebContainerRuntime): { events: RuntimeEvent[]; terminal: () => string } {
  const events: RuntimeEvent[] = [];
  runtime.subscribe((event) => events.push(event));
  let terminal = '';
  runtime.onTerminal((text) => (terminal += text));
  return { events, terminal: () => terminal };
}
