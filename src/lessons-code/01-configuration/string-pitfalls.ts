// sample: section "Environment variables are strings" — every line here is a real result
import { z } from 'zod';

Boolean('false'); // true: any non-empty string is truthy
z.coerce.boolean().parse('false'); // true: z.coerce.boolean() is Boolean(input)
z.coerce.boolean().parse('0'); // true
z.coerce.boolean().parse(''); // false

Number(''); // 0: an empty variable becomes a valid-looking zero
Number('0x10'); // 16
Number('ten'); // NaN, which is typeof "number"
parseInt('5s'); // 5: parseInt stops at the first non-digit and keeps what it read

Number('ten') || 10; // 10: NaN is falsy, so the bad value disappears
Number('0') || 10; // 10: and so does a deliberate 0
