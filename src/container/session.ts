/**
 * @module
 * The session program of the in-browser runtime: runs the learner's service on command, through the
 * same LabSessions the Operable server uses for the local runtime. Commands arrive as files in the
 * inbox folder (see container-protocol.ts); events and replies leave as JSON lines on stdout.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fakeModeOf, serviceNotRunning } from '../engine/harness.ts';
import type { Lab } from '../engine/lab.ts';
import { readFolder } from '../engine/node/read-folder.ts';
import { LabSessions, type SessionHarnessOptions } from '../server/lab-sessions.ts';
import { CONTAINER_LAYOUT, protocolLine, type SessionCommand, type SessionMessage } from '../runtime/container-protocol.ts';

const INBOX_POLL_MS = 40;

function send(message: SessionMessage): void {
  process.stdout.write(protocolLine(message));
}

/** The inbox relative to the lab folder: the layout names it relative to the container's root. */
export function inboxOf(dir: string): string {
  return join(dir, CONTAINER_LAYOUT.inbox.slice(CONTAINER_LAYOUT.labDir.length + 1));
}

async function handle(sessions: LabSessions, lab: Lab, dir: string, command: SessionCommand): Promise<SessionMessage> {
  const id = lab.manifest.id;
  switch (command.op) {
    case 'start': {
      const result = await sessions.start(lab, await readFolder(dir), { env: command.env, scratchFiles: command.scratchFiles });
      return result.ok ? { type: 'reply', id: command.id, ok: true } : { type: 'reply', id: command.id, ok: false, error: result.message };
    }
    case 'stop':
      await sessions.stop(id);
      return { type: 'reply', id: command.id, ok: true };
    case 'signal':
      return sessions.signal(id, command.signal)
        ? { type: 'reply', id: command.id, ok: true }
        : { type: 'reply', id: command.id, ok: false, error: 'The service is not running.' };
    case 'request': {
      const outcome = await sessions.request(id, command.method, command.path, command.timeoutMs, command.json);
      return { type: 'reply', id: command.id, ok: true, outcome: outcome ?? serviceNotRunning() };
    }
    case 'fake':
      return sessions.setFakeMode(id, command.name, fakeModeOf(command.mode))
        ? { type: 'reply', id: command.id, ok: true }
        : { type: 'reply', id: command.id, ok: false, error: `The lab runs no fake "${command.name}" now: Run the service first.` };
    case 'traces':
      return { type: 'reply', id: command.id, ok: true, traces: sessions.traces(id) };
    case 'cache':
      return { type: 'reply', id: command.id, ok: true, cache: sessions.cacheSnapshot(lab) };
  }
}

/** Runs until killed: takes commands from the inbox in order, answering each. */
export async function runSession(lab: Lab, dir: string, harnessOptions: SessionHarnessOptions): Promise<void> {
  const sessions = new LabSessions(harnessOptions);
  const inbox = inboxOf(dir);
  await mkdir(inbox, { recursive: true });
  sessions.subscribe(lab.manifest.id, (event) => send({ type: 'event', event }));
  const stop = () => void sessions.stopAll('the session ended').finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  send({ type: 'session-ready' });
  // Requests may take long (a slow endpoint); they must not hold up a Stop behind them.
  for (;;) {
    for (const name of (await readdir(inbox)).filter((entry) => entry.endsWith('.json')).sort()) {
      const path = join(inbox, name);
      let command: SessionCommand;
      try {
        command = JSON.parse(await readFile(path, 'utf8')) as SessionCommand;
      } catch {
        continue; // still being written: read it on the next pass
      }
      await rm(path, { force: true });
      const reply = handle(sessions, lab, dir, command).catch((error: unknown): SessionMessage => ({ type: 'reply', id: command.id, ok: false, error: (error as Error).message }));
      if (command.op === 'request') void reply.then(send);
      else send(await reply);
    }
    await new Promise((resolve) => setTimeout(resolve, INBOX_POLL_MS));
  }
}
