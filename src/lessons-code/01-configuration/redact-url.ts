// sample: section "Keep secrets out of every output" — the password inside a connection URL
const url = new URL('postgres://shop:hunter2@db.internal:5432/shop?sslmode=require&password=hunter2');
url.password = '***';
// The same key-name rule as for the configuration's keys, applied to the query's parameter names.
for (const name of [...url.searchParams.keys()]) {
  if (/password|secret|token/i.test(name)) url.searchParams.set(name, '***');
}
export const shown = url.href; // "postgres://shop:***@db.internal:5432/shop?sslmode=require&password=***"

// URL.canParse(text) tells a URL from any other string without a try/catch.
URL.canParse('postgres://db.internal/shop'); // true
URL.canParse('127.0.0.1'); // false
