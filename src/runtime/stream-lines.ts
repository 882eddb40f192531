/**
 * @module
 * Splits a stream of text chunks (a container process's terminal output) into lines, dropping the
 * carriage returns a terminal adds.
 */
export async function* streamLines(stream: ReadableStream<string>): AsyncGenerator<string> {
  const reader = stream.getReader();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) yield line.replace(/\r$/, '');
    }
    if (buffered) yield buffered.replace(/\r$/, '');
  } finally {
    reader.releaseLock();
  }
}
