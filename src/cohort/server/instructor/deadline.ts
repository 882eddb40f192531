/**
 * @module
 * Deadlines as a `datetime-local` field carries them (no zone), read and written in UTC so that what
 * the instructor types is what the server enforces, wherever either of them is.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The deadline typed in the field, in ms since the epoch; null for an empty field, undefined when unreadable.
 * @example parseDeadline('2026-12-01T17:00') // Date.UTC(2026, 11, 1, 17, 0)
 */
export function parseDeadline(value: string): number | null | undefined {
  const trimmed = value.trim();
  if (!trimmed) return null;
  if (!LOCAL.test(trimmed)) return undefined;
  const ms = Date.parse(`${trimmed}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

