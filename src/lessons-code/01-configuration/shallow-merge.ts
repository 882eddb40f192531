// sample: section "Merging layers" — what a spread does to a section (don't copy it)
const fromDefaultJson = { db: { url: 'postgres://shop@db.internal:5432/shop', poolSize: 5 } };
const fromStagingJson = { db: { poolSize: 20 } };

export const merged = { ...fromDefaultJson, ...fromStagingJson };
// { db: { poolSize: 20 } }: staging.json's "db" replaced default.json's, and db.url is gone
