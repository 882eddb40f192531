// sample: section "Keep secrets out of every output" — a parse error that says where, not what
export function parseConfigFile(name: string, text: string, problems: string[]): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 may quote the text around the mistake ("…nSecret": abc-very-s…"): keep only the position.
    const position = /line \d+ column \d+/.exec((error as Error).message)?.[0];
    problems.push(`config/${name}: not valid JSON${position ? ` (${position})` : ''}`);
    return undefined;
  }
}
