/**
 * @module
 * The workspace's environment editor holds `KEY=value` lines, like a .env file; this turns them into
 * variables, or says which line is wrong.
 */
import { refusedVariable } from '../engine/refused-env.ts';

export type ParsedEnv = { ok: true; env: Record<string, string> } | { ok: false; message: string };

export function parseEnvText(text: string): ParsedEnv {
  const env: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) return { ok: false, message: `Line ${index + 1} of the environment is not KEY=value: ${line.slice(0, 60)}` };
    const refused = refusedVariable(match[1]!);
    if (refused) return { ok: false, message: `Line ${index + 1}: ${refused}` };
    const value = match[2]!.replace(/^(['"])(.*)\1$/, '$2');
    env[match[1]!] = value;
  }
  return { ok: true, env };
}
