/**
 * Tracing beside a workspace run: the collector's spans land in a buffer bounded to the last traces,
 * and the traced stand-in continues the trace of a call that carried a traceparent, or starts its own.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STAND_IN_ATTRIBUTE, type ReceivedSpan } from '../../src/engine/traces.ts';
import { FakeHttpDependency } from '../../src/engine/node/fake-dependency.ts';
import { TraceBuffer } from '../../src/server/trace-buffer.ts';
import { WorkspaceTraces } from '../../src/server/workspace-traces.ts';

const span = (traceId: string, spanId: string) => ({ traceId, spanId }) as ReceivedSpan;

test('the buffer keeps the traces that received a span last, and a bounded number of spans each', () => {
  const buffer = new TraceBuffer({ traces: 2, spansPerTrace: 2 });
  assert.deepEqual(buffer.snapshot(), { revision: 0, spans: [] });
  buffer.add([span('t1', 'a'), span('t2', 'b')]);
  buffer.add([span('t1', 'c'), span('t1', 'd')]); // t1 is recent again; its third span is over the bound
  buffer.add([span('t3', 'e')]); // t2 is the oldest now: it goes
  const { revision, spans } = buffer.snapshot();
  assert.equal(revision, 3);
  assert.deepEqual(spans.map((s) => `${s.traceId}/${s.spanId}`), ['t1/a', 't1/c', 't3/e']);
  buffer.add([]);
  assert.equal(buffer.snapshot().revision, 3, 'nothing new, same revision');
});

async function waitFor<T>(read: () => T | undefined): Promise<T> {
  for (let waited = 0; waited < 3000; waited += 20) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('timed out');
}

test('exports to the collector and the stand-in’s answers both reach the snapshot', async () => {
  const traces = new WorkspaceTraces();
  const endpoint = await traces.start();
  const inventory = await new FakeHttpDependency('inventory', undefined, traces.standIn('inventory')).listen();
  try {
    const traceId = 'ab'.repeat(16);
    const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] }, scopeSpans: [{ spans: [{ traceId, spanId: '11'.repeat(8), name: 'GET /orders/:id', kind: 2, startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] };
    const exported = await fetch(`${endpoint}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(exported.status, 200);

    await (await fetch(`${inventory.url}/stock/42`, { headers: { traceparent: `00-${traceId}-${'22'.repeat(8)}-01` } })).text();
    await (await fetch(`${inventory.url}/stock/43`)).text();
    await (await fetch(`${inventory.url}/stock/44`, { headers: { traceparent: '00-not-a-traceparent-01' } })).text();

    const spans = await waitFor(() => {
      const { spans } = traces.snapshot();
      return spans.length === 4 ? spans : undefined;
    });
    const [orders, continued, fresh, malformed] = spans;
    assert.equal(orders!.name, 'GET /orders/:id');
    assert.equal(continued!.traceId, traceId);
    assert.equal(continued!.parentSpanId, '22'.repeat(8));
    assert.equal(continued!.kind, 'SERVER');
    assert.equal(continued!.attributes['url.path'], '/stock/42');
    assert.equal(continued!.attributes['http.response.status_code'], 200);
    assert.equal(continued!.resource[STAND_IN_ATTRIBUTE], true);
    assert.equal(continued!.resource['service.name'], 'inventory');
    for (const root of [fresh!, malformed!]) {
      assert.equal(root.parentSpanId, '');
      assert.match(root.traceId, /^[0-9a-f]{32}$/);
      assert.notEqual(root.traceId, traceId);
    }
    assert.ok(continued!.endMs >= continued!.startMs);
  } finally {
    await inventory.dispose();
    await traces.dispose();
  }
});
