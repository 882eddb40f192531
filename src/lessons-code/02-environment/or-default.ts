// sample: section "Required means no default" — the most common configuration bug in Node services
export const databaseUrl = process.env.DATABASE_URL || 'postgres://localhost:5432/app';
