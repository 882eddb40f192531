/**
 * @module
 * What grading costs, for `npm run bench`: the sandbox's price per service start (the same run, with
 * and without it), the CPU seconds one graded submission takes per lab (the grader and every process
 * it started: the number cohort grading scales on), and the in-browser runtime's type stripper and
 * preflight.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { labs } from '../labs/index.ts';
import { openCpuAccount } from './cpu-account.ts';
import { buildContainerFiles, buildTypeStripperFiles, toTree, writeContainerFiles } from '../src/build/container-files.ts';
import { gradeSubmission, loadSubmission } from '../src/engine/node/grade.ts';
import { NodeHarness, type SandboxMode } from '../src/engine/node/node-harness.ts';
import { labFolders } from '../src/engine/node/project-paths.ts';
import { sandboxSupport } from '../src/engine/node/sandbox.ts';

const round = (value: number) => Math.round(value * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Start → answering, for lab 04's reference service, with the sandbox on and off, interleaved. */
export async function benchSandboxStart(runs: number) {
  const support = sandboxSupport();
  if (!support.available) return { available: false, reason: support.reason };
  const lab = labs.find((entry) => entry.manifest.id === '04-health')!;
  const submission = await loadSubmission(lab, labFolders(lab.manifest.id).solution);
  const times: Record<SandboxMode, number[]> = { off: [], required: [], auto: [] };
  for (let i = 0; i < runs; i++) {
    for (const mode of ['off', 'required'] as const) {
      const harness = new NodeHarness({ manifest: lab.manifest, files: submission.files, sandbox: mode });
      const started = performance.now();
      await harness.start();
      times[mode].push(performance.now() - started);
      await harness.dispose();
    }
  }
  const plain = median(times.off);
  const sandboxed = median(times.required);
  return {
    available: true,
    asRoot: support.asRoot,
    cgroups: Object.keys(support.cgroups).filter((key) => support.cgroups[key as 'memory' | 'pids']),
    runs,
    startMedianMs: { withoutSandbox: round(plain), withSandbox: round(sandboxed) },
    sandboxCostMs: round(sandboxed - plain),
  };
}

/**
 * CPU seconds and wall time of one graded submission (the reference) per lab, sandboxed where possible:
 * the grader's and every service's, counted by a cgroup where one can be made (cpu-account.ts).
 */
export async function benchGradingCpu() {
  const account = openCpuAccount();
  const results = [];
  try {
    for (const lab of labs) {
      const submission = await loadSubmission(lab, labFolders(lab.manifest.id).solution);
      const cpuBefore = account.seconds();
      const started = performance.now();
      const report = await gradeSubmission(lab, submission);
      results.push({
        lab: lab.manifest.id,
        checks: lab.checks.length,
        passed: report.passed,
        wallSeconds: round((performance.now() - started) / 1000),
        cpuSeconds: round(account.seconds() - cpuBefore),
      });
    }
  } finally {
    account.close();
  }
  return { measuredBy: account.source, labs: results };
}

/** The type stripper's download, and the preflight's time on this Node (which strips types itself). */
export async function benchPreflight() {
  const stripper = JSON.stringify(toTree(await buildTypeStripperFiles()));
  const root = await mkdtemp(join(tmpdir(), 'operable-bench-preflight-'));
  try {
    await writeContainerFiles(root, await buildContainerFiles('04-health'));
    const started = performance.now();
    const answer = await new Promise<string>((resolve) => execFile(process.execPath, ['checks.mjs', 'preflight', 'lab'], { cwd: root }, (_error, stdout) => resolve(stdout)));
    const wallMs = performance.now() - started;
    const profile = (JSON.parse(answer) as { profile: { probedMs: number; typeScript: string } }).profile;
    return {
      typeStripperKB: Math.round(stripper.length / 1024),
      typeStripperGzipKB: Math.round(gzipSync(stripper).length / 1024),
      preflight: { node: process.version, typeScript: profile.typeScript, probedMs: profile.probedMs, wallMs: round(wallMs) },
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
