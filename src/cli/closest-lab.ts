/**
 * @module
 * "Did you mean 04-health?": the lab a mistyped id most likely meant — by its number ("4", "04"), its
 * slug ("health"), or a few typing slips away from its id or slug ("04-heath", "graceful-shutdwon").
 */

/** Edits (insert, delete, substitute) between two strings: Levenshtein's distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The lab id `input` most likely meant, or undefined when none is close.
 *
 * @example closestLab('04-heath', ['03-graceful-shutdown', '04-health']) // '04-health'
 */
export function closestLab(input: string, ids: readonly string[]): string | undefined {
  const wanted = input.trim().toLowerCase();
  const number = /^\d{1,2}$/.test(wanted) ? wanted.padStart(2, '0') : undefined;
  const byNumberOrSlug = ids.find((id) => id.slice(0, 2) === number || id.slice(3) === wanted);
  if (byNumberOrSlug) return byNumberOrSlug;
  let best: { id: string; distance: number } | undefined;
  for (const id of ids) {
    const distance = Math.min(editDistance(wanted, id), editDistance(wanted, id.slice(3)));
    if (!best || distance < best.distance) best = { id, distance };
  }
  // A few slips, never more than a third of what was typed: "xyz" should not suggest anything.
  return best && best.distance <= Math.min(3, Math.floor(wanted.length / 3)) ? best.id : undefined;
}
