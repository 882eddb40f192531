/**
 * The record store lab 08's checks run as the product store: records by path, GET and PUT, reads
 * counted, and, when slow, a read answering what the store held when it arrived.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeOfKind } from '../../src/engine/node/fake-dependency.ts';

const get = (url: string) => fetch(url).then(async (response) => ({ status: response.status, body: await response.json() }));
const put = (url: string, body: string) =>
  fetch(url, { method: 'PUT', body, headers: { 'content-type': 'application/json' } }).then(async (response) => ({ status: response.status, body: await response.json() }));

test('a record reads as its first version until written; a write sets the fields it names, keeps the id and counts the version up', async () => {
  const store = await fakeOfKind('store', 'record-store').listen();
  try {
    assert.deepEqual(await get(`${store.url}/products/42`), { status: 200, body: { id: '42', name: 'Item 42', version: 0 } });
    assert.deepEqual(await put(`${store.url}/products/42`, '{"name":"Renamed","price":3,"id":"other"}'), {
      status: 200,
      body: { id: '42', name: 'Renamed', price: 3, version: 1 },
    });
    assert.deepEqual((await put(`${store.url}/products/42`, '{}')).body, { id: '42', name: 'Renamed', price: 3, version: 2 });
    assert.deepEqual((await get(`${store.url}/products/42`)).body, { id: '42', name: 'Renamed', price: 3, version: 2 });
    assert.deepEqual((await get(`${store.url}/products/7`)).body, { id: '7', name: 'Item 7', version: 0 }, 'records are kept apart');
    assert.equal((await put(`${store.url}/products/42`, '[1]')).status, 400);
    assert.equal((await put(`${store.url}/products/42`, 'not json')).status, 400);
    assert.equal(store.received().filter((request) => request.method === 'GET').length, 3, 'reads are counted');
  } finally {
    await store.dispose();
  }
});

test('slow, a read that arrives during a write answers the record as it was when the read arrived', async () => {
  const store = await fakeOfKind('store', 'record-store').listen();
  try {
    store.setMode({ kind: 'slow', delayMs: 300 });
    const writing = put(`${store.url}/products/5`, '{"name":"New"}');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during = await get(`${store.url}/products/5`);
    assert.equal((await writing).body.version, 1);
    assert.equal(during.body.version, 0, 'the write took effect only when the store answered it');
    const after = await get(`${store.url}/products/5`);
    assert.equal(after.body.name, 'New');
  } finally {
    await store.dispose();
  }
});

test('a fake of the default kind still answers a ping to any request', async () => {
  const fake = await fakeOfKind('database').listen();
  try {
    assert.deepEqual(await get(`${fake.url}/products/1`), { status: 200, body: { ok: true, name: 'database' } });
  } finally {
    await fake.dispose();
  }
});
