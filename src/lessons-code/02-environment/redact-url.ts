// sample: section "Keep secrets out of output" — what may leave the process about a connection URL
/** For /info and the start-up log: the host alone. */
export function hostOf(connectionUrl: string): string {
  return new URL(connectionUrl).hostname;
}

/** For a log line that needs the whole shape: the password replaced. JSON.stringify(url) would keep it. */
export function redactedUrl(connectionUrl: string): string {
  const url = new URL(connectionUrl);
  if (url.password) url.password = '*****';
  return url.href;
}
