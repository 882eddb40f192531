/**
 * The waterfall's trace assembly: spans become one tree per trace under their parents, in start order;
 * a span whose parent never arrived is a second root marked as such (or as still on its way, while its
 * parent may sit in the service's batch), and a stand-in's span of a call without context is marked too.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ReceivedSpan, STAND_IN_ATTRIBUTE } from '../../src/engine/traces.ts';
import { assembleTraces, PARENT_GRACE_MS, spanRows } from '../../src/workspace/panels/trace-tree.ts';

const T0 = 1_800_000_000_000;
const NOW = T0 + 60_000;

function span(fields: Partial<ReceivedSpan> & Pick<ReceivedSpan, 'spanId'>): ReceivedSpan {
  const startMs = fields.startMs ?? T0;
  const endMs = fields.endMs ?? startMs + 10;
  return {
    traceId: 'a'.repeat(32),
    parentSpanId: '',
    name: 'GET',
    kind: 'SERVER',
    attributes: {},
    status: { code: 'UNSET', message: '' },
    events: [],
    resource: { 'service.name': 'orders' },
    scope: { name: 'orders', version: '' },
    exportIndex: 0,
    ...fields,
    startMs,
    endMs,
    durationMs: endMs - startMs,
  };
}

const names = (rows: ReturnType<typeof spanRows>) => rows.map(({ node, depth }) => `${depth}:${node.span.name}`);

test('a server span, its client span and the callee’s span make one trace with one root, children under parents', () => {
  // Arrival order is not start order: the stand-in's span arrives first, the service's batch later.
  const spans = [
    span({ spanId: '3'.repeat(16), parentSpanId: '2'.repeat(16), name: 'inventory GET', startMs: T0 + 3, endMs: T0 + 5, resource: { 'service.name': 'inventory', [STAND_IN_ATTRIBUTE]: true } }),
    span({ spanId: '2'.repeat(16), parentSpanId: '1'.repeat(16), name: 'GET', kind: 'CLIENT', startMs: T0 + 2, endMs: T0 + 6 }),
    span({ spanId: '1'.repeat(16), name: 'GET /orders/:id', startMs: T0, endMs: T0 + 8 }),
  ];
  const [trace, ...others] = assembleTraces(spans, NOW);
  assert.equal(others.length, 0);
  assert.equal(trace!.roots.length, 1);
  assert.equal(trace!.roots[0]!.note, undefined);
  assert.deepEqual(names(spanRows(trace!)), ['0:GET /orders/:id', '1:GET', '2:inventory GET']);
  assert.equal(trace!.startMs, T0);
  assert.equal(trace!.endMs, T0 + 8);
});

test('a span whose parent never arrived is a second root, marked as a lost context once its parent is overdue', () => {
  const spans = [
    span({ spanId: '1'.repeat(16), name: 'GET /orders/:id', startMs: T0, endMs: T0 + 8 }),
    span({ spanId: '2'.repeat(16), parentSpanId: '1'.repeat(16), name: 'GET', kind: 'CLIENT', startMs: T0 + 1, endMs: T0 + 4 }),
    span({ spanId: '9'.repeat(16), parentSpanId: 'f'.repeat(16), name: 'orphan', startMs: T0 + 2, endMs: T0 + 3 }),
  ];
  const [trace] = assembleTraces(spans, NOW);
  assert.deepEqual(trace!.roots.map((root) => [root.span.name, root.note]), [['GET /orders/:id', undefined], ['orphan', 'parent-missing']]);
  assert.deepEqual(names(spanRows(trace!)), ['0:GET /orders/:id', '1:GET', '0:orphan']);
  // Just ended: its parent may still be in the service's batch.
  const [recent] = assembleTraces(spans, T0 + 3 + PARENT_GRACE_MS - 1);
  assert.equal(recent!.roots[1]!.note, 'parent-pending');
});

test('a call that carried no traceparent: the stand-in’s span is the root of a trace of its own, marked; newest trace first', () => {
  const spans = [
    span({ spanId: '1'.repeat(16), name: 'GET /orders/:id', startMs: T0, endMs: T0 + 8 }),
    span({ spanId: '2'.repeat(16), parentSpanId: '1'.repeat(16), name: 'GET', kind: 'CLIENT', startMs: T0 + 1, endMs: T0 + 6 }),
    span({ traceId: 'b'.repeat(32), spanId: '3'.repeat(16), name: 'GET', startMs: T0 + 2, endMs: T0 + 4, resource: { 'service.name': 'inventory', [STAND_IN_ATTRIBUTE]: true } }),
  ];
  const traces = assembleTraces(spans, NOW);
  assert.deepEqual(traces.map((trace) => [trace.traceId[0], trace.roots.length, trace.roots[0]!.note]), [['b', 1, 'no-traceparent'], ['a', 1, undefined]]);
  // The service's own root without a parent is a new trace, as it should be: not marked.
  assert.equal(traces[1]!.roots[0]!.note, undefined);
});

test('the call without context is tied to the one client span that was open for the same path all along, and to none when two fit', () => {
  const client = (traceId: string, spanId: string, path: string) =>
    span({ traceId, spanId, name: 'GET', kind: 'CLIENT', startMs: T0 + 1, endMs: T0 + 9, attributes: { 'url.full': `http://127.0.0.1:5435${path}` } });
  const standIn = span({ traceId: 'c'.repeat(32), spanId: '9'.repeat(16), startMs: T0 + 3, endMs: T0 + 4, attributes: { 'url.path': '/stock/42' }, resource: { [STAND_IN_ATTRIBUTE]: true } });
  const callerOf = (spans: ReceivedSpan[]) => assembleTraces(spans, NOW).find((trace) => trace.traceId === standIn.traceId)!.roots[0]!.likelyCaller?.spanId;
  assert.equal(callerOf([client('a'.repeat(32), '1'.repeat(16), '/stock/42'), client('b'.repeat(32), '2'.repeat(16), '/stock/7'), standIn]), '1'.repeat(16));
  assert.equal(callerOf([client('a'.repeat(32), '1'.repeat(16), '/stock/42'), client('b'.repeat(32), '2'.repeat(16), '/stock/42'), standIn]), undefined);
  const lateCaller = span({ ...client('a'.repeat(32), '1'.repeat(16), '/stock/42'), startMs: T0 + 12, endMs: T0 + 30 });
  assert.equal(callerOf([lateCaller, standIn]), undefined, 'a span that opened after the call was answered did not make it');
});

test('every span appears once, whatever the ids: duplicates, a span its own parent, a cycle of parents', () => {
  const spans = [
    span({ spanId: '1'.repeat(16), parentSpanId: '1'.repeat(16), name: 'self', startMs: T0 }),
    span({ spanId: '2'.repeat(16), parentSpanId: '3'.repeat(16), name: 'cycle-a', startMs: T0 + 1 }),
    span({ spanId: '3'.repeat(16), parentSpanId: '2'.repeat(16), name: 'cycle-b', startMs: T0 + 2 }),
    span({ spanId: '4'.repeat(16), name: 'twin', startMs: T0 + 3 }),
    span({ spanId: '4'.repeat(16), name: 'twin', startMs: T0 + 4 }),
  ];
  const [trace] = assembleTraces(spans, NOW);
  const rows = spanRows(trace!);
  assert.equal(rows.length, spans.length);
  assert.deepEqual(new Set(rows.map((row) => row.node.span)), new Set(spans));
  assert.equal(trace!.spanCount, 5);
});

test('errors are counted per trace', () => {
  const [trace] = assembleTraces(
    [span({ spanId: '1'.repeat(16), status: { code: 'ERROR', message: '' } }), span({ spanId: '2'.repeat(16), parentSpanId: '1'.repeat(16), status: { code: 'ERROR', message: 'HTTP 503' } })],
    NOW,
  );
  assert.equal(trace!.errorCount, 2);
});
