// sample: section "Context propagation in Node" — where the active context survives, and where it is lost; run it with node
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

// The active span is kept in the context under a key of its own; a key of ours shows the same thing.
const REQUEST = createContextKey('request');
const seen = (where: string) => console.log(`${where.padEnd(52)} ${String(context.active().getValue(REQUEST) ?? '(none)')}`);
const asRequest = (name: string, work: () => Promise<void>) => context.with(ROOT_CONTEXT.setValue(REQUEST, name), work);

// Made at start-up, outside every request: a queue that a timer drains, and an emitter shared by all.
const queued: Array<() => void> = [];
setInterval(() => queued.splice(0).forEach((callback) => callback()), 50).unref();
const events = new EventEmitter();

await asRequest('request A', async () => {
  seen('A: before any await');
  await sleep(10);
  seen('A: after an await');
  setTimeout(() => seen('A: a timer A set'), 5);
  queued.push(() => seen('A: a callback A queued, run by the start-up timer'));
  queued.push(context.bind(context.active(), () => seen('A: the same, bound to A\'s context')));
  events.on('stock', () => seen('A: a listener A added, emitted by B'));
  await sleep(100);
});
await asRequest('request B', async () => {
  events.emit('stock');
});
seen('outside both');
