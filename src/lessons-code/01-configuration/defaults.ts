// sample: section "Defaults in code" — the lowest layer, as the lab's starter ships it
export const defaults = {
  server: { port: 3000, host: '127.0.0.1' },
  db: { url: 'postgres://localhost:5432/app', poolSize: 10 },
  log: { level: 'info' },
  features: { signup: false },
  auth: {}, // no tokenSecret: a secret has no safe default, so it must come from outside
} as const;
