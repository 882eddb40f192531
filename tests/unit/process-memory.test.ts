/**
 * Reading a service's memory from outside it: the harness sees a service that keeps what it allocates
 * grow, in the sandbox or not, and a host that cannot read it says so instead of guessing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InfrastructureError } from '../../src/engine/check.ts';
import { labManifestSchema } from '../../src/engine/lab.ts';
import { NodeHarness, type SandboxMode } from '../../src/engine/node/node-harness.ts';
import { residentMemoryOfTree } from '../../src/engine/node/process-memory.ts';

const manifest = labManifestSchema.parse({
  id: '99-fixture',
  title: 'Fixture',
  lesson: '99-fixture',
  summary: 'A service that keeps 64 MB when asked',
  entry: 'src/server.ts',
  editableFiles: ['src/server.ts'],
  env: {},
  workspace: { signals: [], requests: [] },
});

/** GET /keep allocates 64 MB and keeps it, touched so that every page is resident. */
const HOARDER = `import { createServer } from 'node:http';
const kept: Buffer[] = [];
createServer((request, response) => {
  if (request.url === '/keep') kept.push(Buffer.alloc(64 * 1024 * 1024, 1));
  response.end('ok');
}).listen(Number(process.env.PORT), process.env.HOST);
`;

function harness(options: { sandbox?: SandboxMode; lacksMemory?: boolean } = {}): NodeHarness {
  const files = new Map([
    ['package.json', '{"type":"module"}'],
    ['src/server.ts', HOARDER],
  ]);
  return new NodeHarness({ manifest, files, sandbox: options.sandbox ?? 'off', lacks: new Set(options.lacksMemory ? ['process-memory'] : []) });
}

for (const sandbox of ['off', 'auto'] as const) {
  test(`a service that keeps 64 MB is seen to hold at least 60 MB more (sandbox ${sandbox})`, async () => {
    const grader = harness({ sandbox });
    try {
      const service = await grader.start();
      const before = await service.residentMemoryBytes();
      assert.ok(before !== undefined && before > 5 * 1024 * 1024, `a running Node service holds some memory: ${before}`);
      await service.request('/keep');
      const after = await service.residentMemoryBytes();
      assert.ok(after! - before > 60 * 1024 * 1024, `grew by ${(after! - before) / 1024 / 1024} MB`);
    } finally {
      await grader.dispose();
    }
  });
}

test('a process that is gone has no memory to read', async () => {
  assert.equal(await residentMemoryOfTree(2 ** 22 + 12345), undefined);
});

test("a host that cannot read a service's memory refuses, naming the capability a check must declare", async () => {
  const grader = harness({ lacksMemory: true });
  try {
    const service = await grader.start();
    await assert.rejects(service.residentMemoryBytes(), (error: Error) => error instanceof InfrastructureError && /process-memory/.test(error.message));
  } finally {
    await grader.dispose();
  }
});
