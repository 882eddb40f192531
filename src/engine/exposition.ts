/**
 * @module
 * A strict reader of the Prometheus text exposition format (version 0.0.4, what prom-client serves),
 * for checks that judge a service's `/metrics` and for anything that charts it.
 *
 * Why not a package: the npm parsers of this format were each tried on prom-client's own output and
 * each got it wrong. parse-prometheus-text-format merges the buckets of every label set of a histogram
 * into one and drops their `_sum`/`_count` (its issue #13, open for years), and returns an empty list
 * for JSON or HTML instead of an error; prom2javascript rejects the `Nan` that prom-client prints for
 * an event-loop lag with no sample yet; @platformatic/promotel skips lines it cannot read without a word
 * and pulls a protobuf runtime into the browser bundle. A grader must reject what Prometheus rejects
 * and keep what it keeps, so this follows the format's specification (prometheus.io, "Exposition
 * formats", and the reference parser of Go's expfmt) with a character scanner, no pattern matching.
 *
 * What it enforces, as Prometheus's scraper does: HELP and TYPE lines well formed, at most one of
 * each per family and TYPE before the family's samples; names and label names valid; label values
 * quoted with the escapes \\ \" \n only; values as floats (NaN, +Inf, -Inf included) with an optional
 * integer timestamp; a family's samples together; no series twice; a histogram's samples named
 * `_bucket` (with `le`), `_sum` and `_count`, a summary's `_sum`, `_count` and quantiles.
 * What a family means (cumulative buckets, `_count` equal to the `+Inf` bucket) is left to the reader:
 * a check explains that better than a parse error does.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name: `http_request_duration_seconds_bucket` in a family `http_request_duration_seconds`. */
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs?: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
}

/** The input is not valid exposition text: the line (1-based) and what is wrong with it. */
export class ExpositionError extends Error {
  readonly line: number;
  readonly text: string;

  constructor(line: number, text: string, reason: string) {
    super(`line ${line}: ${reason}: ${JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text)}`);
    this.name = 'ExpositionError';
    this.line = line;
    this.text = text;
  }
}

const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

const isLetter = (char: string) => (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z');
const isDigit = (char: string) => char >= '0' && char <= '9';
const isBlank = (char: string | undefined) => char === ' ' || char === '\t';

/** `[a-zA-Z_:][a-zA-Z0-9_:]*` for metric names, without the colon for label names. */
function isValidName(name: string, allowColon: boolean): boolean {
  if (name === '') return false;
  for (let i = 0; i < name.length; i++) {
    const char = name[i]!;
    const ok = isLetter(char) || char === '_' || (allowColon && char === ':') || (i > 0 && isDigit(char));
    if (!ok) return false;
  }
  return true;
}

/** A float as Go's strconv.ParseFloat reads it: decimal or exponent notation, NaN and ±Inf in any case. */
export function parseFloatStrict(token: string): number | undefined {
  const unsigned = token.startsWith('+') || token.startsWith('-') ? token.slice(1) : token;
  const word = unsigned.toLowerCase();
  if (word === 'nan') return token === unsigned ? Number.NaN : undefined;
  if (word === 'inf' || word === 'infinity') return token.startsWith('-') ? -Infinity : Infinity;
  // Digits, at most one dot, at least one digit, then an optional exponent with digits.
  let i = 0;
  let digits = 0;
  while (isDigit(unsigned[i] ?? '')) (i++, digits++);
  if (unsigned[i] === '.') {
    i++;
    while (isDigit(unsigned[i] ?? '')) (i++, digits++);
  }
  if (digits === 0) return undefined;
  if (unsigned[i] === 'e' || unsigned[i] === 'E') {
    i++;
    if (unsigned[i] === '+' || unsigned[i] === '-') i++;
    let exponentDigits = 0;
    while (isDigit(unsigned[i] ?? '')) (i++, exponentDigits++);
    if (exponentDigits === 0) return undefined;
  }
  return i === unsigned.length ? Number(token) : undefined;
}

/** Reads one line left to right; each method consumes what it names or throws. */
class LineScanner {
  private at = 0;
  private readonly text: string;
  private readonly fail: (reason: string) => never;

  constructor(text: string, fail: (reason: string) => never) {
    this.text = text;
    this.fail = fail;
  }

  get done(): boolean {
    return this.at >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.at];
  }

  skipBlanks(): number {
    const from = this.at;
    while (isBlank(this.peek())) this.at++;
    return this.at - from;
  }

  /** Characters up to the next blank, `{`, `=`, `,` or `}` (or the end). */
  word(): string {
    const from = this.at;
    while (!this.done && !isBlank(this.peek()) && !'{}=,"'.includes(this.peek()!)) this.at++;
    return this.text.slice(from, this.at);
  }

  expect(char: string, what: string): void {
    if (this.peek() !== char) this.fail(`expected ${what}`);
    this.at++;
  }

  /** A double-quoted label value with the escapes \\, \" and \n. */
  quoted(): string {
    this.expect('"', 'a label value in double quotes');
    let value = '';
    for (;;) {
      if (this.done) this.fail('a label value is not closed by a double quote');
      const char = this.text[this.at++]!;
      if (char === '"') return value;
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = this.text[this.at++];
      if (escaped === '\\' || escaped === '"') value += escaped;
      else if (escaped === 'n') value += '\n';
      else this.fail(`a label value has the escape \\${escaped ?? ''}, which the format does not know`);
    }
  }

  rest(): string {
    const rest = this.text.slice(this.at);
    this.at = this.text.length;
    return rest;
  }
}

/** The family a sample name belongs to, given the family being read and its type. */
function sampleBelongsTo(sampleName: string, family: MetricFamily): boolean {
  if (sampleName === family.name) return family.type !== 'histogram';
  const suffix = sampleName.startsWith(family.name) ? sampleName.slice(family.name.length) : undefined;
  if (family.type === 'histogram') return suffix === '_bucket' || suffix === '_sum' || suffix === '_count';
  if (family.type === 'summary') return suffix === '_sum' || suffix === '_count';
  return false;
}

/** HELP text escapes: \\ and \n. */
function unescapeHelp(text: string, fail: (reason: string) => never): string {
  let help = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== '\\') {
      help += char;
      continue;
    }
    const escaped = text[++i];
    if (escaped === '\\') help += '\\';
    else if (escaped === 'n') help += '\n';
    else fail(`the HELP text has the escape \\${escaped ?? ''}, which the format does not know`);
  }
  return help;
}

const seriesKey = (name: string, labels: Record<string, string>) =>
  JSON.stringify([name, ...Object.keys(labels).sort().map((key) => [key, labels[key]])]);

/**
 * Parses exposition text into its metric families, in the order they appear, keyed by name.
 * Throws ExpositionError at the first line Prometheus would refuse.
 */
export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const seenSeries = new Set<string>();
  const typed = new Set<string>();
  let current: MetricFamily | undefined;
  const lines = text.split('\n');
  // The last line ends with a newline, so the split leaves one empty string after it.
  if (lines.at(-1) === '') lines.pop();

  /** The family `name`: the current one, or a new one (a family seen before and left is an error). */
  function familyFor(name: string, fail: (reason: string) => never, isSample = false): MetricFamily {
    if (current && isSample && sampleBelongsTo(name, current)) return current;
    if (current?.name === name) {
      if (isSample) fail(`a ${current.type} has samples named ${name}_bucket, ${name}_sum or ${name}_count, not ${name}`);
      return current;
    }
    if (families.has(name)) fail(`the samples and metadata of ${name} are not together: it appeared earlier, then other metrics came between`);
    current = { name, type: 'untyped', samples: [] };
    families.set(name, current);
    return current;
  }

  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const fail: (reason: string) => never = (reason) => {
      throw new ExpositionError(index + 1, line, reason);
    };
    const scanner = new LineScanner(line, fail);
    scanner.skipBlanks();
    if (scanner.done) return;

    if (scanner.peek() === '#') {
      scanner.expect('#', '#');
      if (scanner.skipBlanks() === 0) return; // "#HELP" or "#text": a plain comment
      const keyword = scanner.word();
      if (keyword !== 'HELP' && keyword !== 'TYPE') return; // any other comment
      if (scanner.skipBlanks() === 0) fail(`${keyword} needs a metric name`);
      const name = scanner.word();
      if (!isValidName(name, true)) fail(`${JSON.stringify(name)} is not a valid metric name`);
      const family = familyFor(name, fail);
      if (keyword === 'HELP') {
        if (family.help !== undefined) fail(`a second HELP for ${name}`);
        // One blank separates the name from the text; the text is the rest of the line, as is.
        if (!scanner.done && scanner.skipBlanks() === 0) fail(`${JSON.stringify(name)} is not a valid metric name`);
        family.help = unescapeHelp(scanner.rest(), fail);
        return;
      }
      if (scanner.skipBlanks() === 0) fail(`TYPE ${name} needs a type`);
      const type = scanner.word() as MetricType;
      scanner.skipBlanks();
      if (!TYPES.includes(type) || !scanner.done) fail(`the type must be one of ${TYPES.join(', ')}`);
      if (family.samples.length) fail(`TYPE ${name} comes after samples of ${name}`);
      if (typed.has(name)) fail(`a second TYPE for ${name}`);
      typed.add(name);
      family.type = type;
      return;
    }

    const name = scanner.word();
    if (!isValidName(name, true)) fail(`${JSON.stringify(name)} is not a valid metric name`);
    const labels: Record<string, string> = {};
    let blanks = scanner.skipBlanks();
    if (scanner.peek() === '{') {
      scanner.expect('{', '{');
      for (;;) {
        scanner.skipBlanks();
        if (scanner.peek() === '}') break;
        const labelName = scanner.word();
        if (!isValidName(labelName, false)) fail(`${JSON.stringify(labelName)} is not a valid label name`);
        if (labelName in labels) fail(`the label ${labelName} appears twice`);
        scanner.skipBlanks();
        scanner.expect('=', `= after the label name ${labelName}`);
        scanner.skipBlanks();
        labels[labelName] = scanner.quoted();
        scanner.skipBlanks();
        if (scanner.peek() === ',') scanner.expect(',', ',');
        else if (scanner.peek() !== '}') fail('expected , or } after a label value');
      }
      scanner.expect('}', '}');
      blanks = scanner.skipBlanks();
    }
    if (blanks === 0 || scanner.done) fail('expected a blank, then the value');
    const value = parseFloatStrict(scanner.word());
    if (value === undefined) fail('the value is not a number');
    let timestampMs: number | undefined;
    if (scanner.skipBlanks() > 0 && !scanner.done) {
      const token = scanner.word();
      const unsigned = token.startsWith('-') ? token.slice(1) : token;
      if (unsigned === '' || [...unsigned].some((char) => !isDigit(char))) fail('the timestamp is not an integer of milliseconds');
      timestampMs = Number(token);
      scanner.skipBlanks();
    }
    if (!scanner.done) fail(`unexpected text after the sample: ${JSON.stringify(scanner.rest())}`);

    const family = familyFor(name, fail, true);
    if (family.type === 'histogram' && name === `${family.name}_bucket`) {
      if (labels.le === undefined) fail(`a bucket of the histogram ${family.name} has no le label`);
      if (parseFloatStrict(labels.le) === undefined) fail(`the le label ${JSON.stringify(labels.le)} is not a number`);
    }
    if (family.type === 'summary' && name === family.name) {
      if (labels.quantile === undefined) fail(`a sample of the summary ${family.name} has no quantile label`);
      if (parseFloatStrict(labels.quantile) === undefined) fail(`the quantile label ${JSON.stringify(labels.quantile)} is not a number`);
    }
    const key = seriesKey(name, labels);
    if (seenSeries.has(key)) fail('the same series appears twice');
    seenSeries.add(key);
    family.samples.push({ name, labels, value, ...(timestampMs === undefined ? {} : { timestampMs }) });
  });

  return families;
}

/** One histogram series: its labels (without `le`), its buckets by upper bound, `_sum` and `_count`. */
export interface HistogramSeries {
  labels: Record<string, string>;
  /** Ascending by `le`; `+Inf` last when present. */
  buckets: Array<{ le: number; count: number }>;
  sum?: number;
  count?: number;
}

/** The series of a histogram family, grouped by their labels other than `le`. */
export function histogramSeries(family: MetricFamily): HistogramSeries[] {
  const byLabels = new Map<string, HistogramSeries>();
  for (const sample of family.samples) {
    const { le, ...labels } = sample.labels;
    const key = seriesKey('', labels);
    let series = byLabels.get(key);
    if (!series) byLabels.set(key, (series = { labels, buckets: [] }));
    if (sample.name === `${family.name}_bucket`) series.buckets.push({ le: parseFloatStrict(le!)!, count: sample.value });
    else if (sample.name === `${family.name}_sum`) series.sum = sample.value;
    else if (sample.name === `${family.name}_count`) series.count = sample.value;
  }
  for (const series of byLabels.values()) series.buckets.sort((a, b) => a.le - b.le);
  return [...byLabels.values()];
}
