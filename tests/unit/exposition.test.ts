/**
 * The exposition reader the lab 05 checks stand on: it keeps what prom-client really prints (labelled
 * histograms, NaN, escapes) and refuses what Prometheus would refuse, saying the line and why.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { ExpositionError, histogramSeries, parseExposition, parseFloatStrict } from '../../src/engine/exposition.ts';

test("prom-client's own output: every family with its type, a labelled histogram's series kept apart", async () => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['route', 'status'];
  const requests = new Counter({ name: 'http_requests_total', help: 'Requests.', labelNames, registers: [registry] });
  const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'Durations.', labelNames, buckets: [0.1, 1], registers: [registry] });
  requests.inc({ route: '/a', status: '200' }, 2);
  duration.observe({ route: '/a', status: '200' }, 0.05);
  duration.observe({ route: '/b', status: '500' }, 0.5);
  duration.observe({ route: '/b', status: '500' }, 5);

  const families = parseExposition(await registry.metrics());
  assert.equal(families.get('http_requests_total')?.type, 'counter');
  assert.deepEqual(families.get('http_requests_total')?.samples, [{ name: 'http_requests_total', labels: { route: '/a', status: '200' }, value: 2 }]);
  assert.equal(families.get('nodejs_eventloop_lag_seconds')?.type, 'gauge');
  assert.equal(families.get('process_cpu_user_seconds_total')?.type, 'counter');
  assert.deepEqual(histogramSeries(families.get('http_request_duration_seconds')!), [
    { labels: { route: '/a', status: '200' }, buckets: [{ le: 0.1, count: 1 }, { le: 1, count: 1 }, { le: Infinity, count: 1 }], sum: 0.05, count: 1 },
    { labels: { route: '/b', status: '500' }, buckets: [{ le: 0.1, count: 0 }, { le: 1, count: 1 }, { le: Infinity, count: 2 }], sum: 5.5, count: 2 },
  ]);
});

test('label escapes, NaN and infinities, timestamps, comments, HELP text', () => {
  const families = parseExposition(
    [
      '# A comment',
      '#HELP not metadata either',
      '# HELP odd_values Values Prometheus accepts, with a \\\\ and a line\\nbreak.',
      '# TYPE odd_values gauge',
      'odd_values{path="C:\\\\dir",quote="say \\"hi\\"",line="a\\nb",} Nan',
      'odd_values{path="up"} +Inf 1395066363000',
      'odd_values{path="down"} -Inf',
      'odd_values{path="exp"} 1.5e-3',
      '',
      'untyped_one 7',
    ].join('\n'),
  );
  const odd = families.get('odd_values')!;
  assert.equal(odd.help, 'Values Prometheus accepts, with a \\ and a line\nbreak.');
  assert.deepEqual(odd.samples[0]!.labels, { path: 'C:\\dir', quote: 'say "hi"', line: 'a\nb' });
  assert.ok(Number.isNaN(odd.samples[0]!.value));
  assert.deepEqual(odd.samples.slice(1).map((sample) => [sample.value, sample.timestampMs]), [[Infinity, 1395066363000], [-Infinity, undefined], [0.0015, undefined]]);
  assert.deepEqual(families.get('untyped_one'), { name: 'untyped_one', type: 'untyped', samples: [{ name: 'untyped_one', labels: {}, value: 7 }] });
});

test('refuses what Prometheus refuses, naming the line and the reason', () => {
  const refused: Array<[string, RegExp]> = [
    ['[{"name":"http_requests_total"}]', /line 1: "\[" is not a valid metric name/],
    ['<html><body>Not found</body></html>', /not a valid metric name/],
    ['up{job="api"} yes', /the value is not a number/],
    ['up 1\nup 2', /line 2: the same series appears twice/],
    ['a 1\nb 1\na{x="1"} 2', /line 3: the samples and metadata of a are not together/],
    ['up{job="api} 1', /not closed by a double quote/],
    ['up{job="a\\tb"} 1', /the escape \\t/],
    ['up{1job="api"} 1', /"1job" is not a valid label name/],
    ['up{job="a",job="b"} 1', /the label job appears twice/],
    ['up 1 soon', /the timestamp is not an integer/],
    ['up 1 2 3', /unexpected text after the sample/],
    ['up1', /expected a blank, then the value/],
    ['# TYPE up counter\n# TYPE up gauge', /a second TYPE for up/],
    ['# TYPE up average', /the type must be one of/],
    ['up 1\n# TYPE up gauge', /TYPE up comes after samples of up/],
    ['# TYPE d histogram\nd 1', /samples named d_bucket, d_sum or d_count, not d/],
    ['# TYPE d histogram\nd_bucket{route="/"} 1', /has no le label/],
    ['# TYPE s summary\ns 1', /has no quantile label/],
  ];
  for (const [text, reason] of refused) {
    assert.throws(() => parseExposition(text), (error: unknown) => error instanceof ExpositionError && reason.test(error.message), text);
  }
});

test('floats as Go reads them: decimals, exponents, NaN and infinities; nothing else', () => {
  assert.deepEqual(['1', '-2.5', '.5', '5.', '1e3', '1E-3', '+Inf', '-inf', 'Infinity'].map(parseFloatStrict), [1, -2.5, 0.5, 5, 1000, 0.001, Infinity, -Infinity, Infinity]);
  assert.ok(Number.isNaN(parseFloatStrict('NaN')!));
  for (const bad of ['', '-', '.', '1e', '1.2.3', '0x10', '1_000', 'one', '-NaN', '1 ']) assert.equal(parseFloatStrict(bad), undefined, bad);
});
