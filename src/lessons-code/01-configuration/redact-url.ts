// sample: section "Keep secrets out of every output" — the password inside a connection URL
const url = new URL('postgres://shop:hunter2@db.internal:5432/shop?sslmode=require');
url.password = '***';
export const shown = url.href; // "postgres://shop:***@db.internal:5432/shop?sslmode=require"

// URL.canParse(text) tells a URL from any other string without a try/catch.
URL.canParse('postgres://db.internal/shop'); // true
URL.canParse('127.0.0.1'); // false
