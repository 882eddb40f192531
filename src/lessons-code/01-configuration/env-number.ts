// sample: section "Environment variables are strings" — one field type for files and variables
import { z } from 'zod';

/**
 * A whole number between min and max. Files give a JSON number; a variable gives the string "25",
 * which becomes 25. Anything else ("ten", "", "2.5") is left as it is, for the schema to reject.
 */
export function integer(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value),
    z.number().int().min(min).max(max),
  );
}

integer(1, 100).parse('25'); // 25
integer(1, 100).safeParse('ten').success; // false: "expected number, received string"
integer(1, 100).safeParse('0').success; // false: "Too small: expected number to be >=1"
