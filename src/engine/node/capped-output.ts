/**
 * @module
 * Collects a child's output up to a cap, so a service that floods stdout cannot exhaust the grader.
 */

export const DEFAULT_OUTPUT_CAP_BYTES = 1024 * 1024;

export class CappedOutput {
  private text = '';
  private bytes = 0;
  private droppedBytes = 0;
  private readonly capBytes: number;

  constructor(capBytes = DEFAULT_OUTPUT_CAP_BYTES) {
    this.capBytes = capBytes;
  }

  /** Appends a chunk; returns the part that was kept (empty once the cap is reached). */
  append(chunk: Buffer): string {
    const room = this.capBytes - this.bytes;
    if (room <= 0) {
      this.droppedBytes += chunk.length;
      return '';
    }
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.droppedBytes += chunk.length - kept.length;
    this.bytes += kept.length;
    const text = kept.toString('utf8');
    this.text += text;
    return text;
  }

  /** Whether anything has been dropped. */
  get capped(): boolean {
    return this.droppedBytes > 0;
  }

  toString(): string {
    return this.droppedBytes === 0
      ? this.text
      : `${this.text}\n[output truncated: ${this.droppedBytes} more bytes were dropped]`;
  }
}
