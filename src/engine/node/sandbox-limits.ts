/** Limits of one sandboxed service; generous for a lab service, tight for a fork bomb or a flood. */
export const SANDBOX_LIMITS = {
  memoryBytes: 512 * 1024 * 1024,
  /** Tasks (processes and threads) per service: Node itself runs about a dozen threads. */
  tasks: 192,
  fileBytes: 16 * 1024 * 1024,
  tmpBytes: 32 * 1024 * 1024,
  openFiles: 1024,
  cpuSeconds: 900,
} as const;
