// sample: section "Only in development" — reading .env when, and only when, it is asked for
export function loadDotenvFile(path = '.env'): void {
  try {
    // Never overwrites a variable that is already set, even to an empty string.
    process.loadEnvFile(path);
  } catch (error) {
    // No .env is normal: a developer (or CI) may have exported every variable already.
    // Any other problem (a directory, no permission) deserves to stop the start.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
