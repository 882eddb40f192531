/**
 * @module
 * What `operable audit` may point at. The audit sends bursts, oversized bodies and half-sent requests:
 * aimed at someone else's server that is an attack, so only loopback targets are allowed unless the
 * user says `--allow-remote` (for a staging host of their own).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** A problem with what the user asked for: the CLI exits 2 with this message. */
export class AuditUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditUsageError';
  }
}

export interface AuditTarget {
  /** The base URL, without a trailing slash: paths are appended to it. */
  base: string;
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** The addresses the host name resolved to when the audit started. */
  addresses: string[];
}

/** 127.0.0.0/8, ::1 and the IPv4-mapped form of 127/8. */
export function isLoopbackAddress(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('127.');
  const lower = address.toLowerCase();
  return lower === '::1' || lower.startsWith('::ffff:127.');
}

/**
 * Parses and checks the target. Resolves the host name, so `localhost` passes and a name that points
 * elsewhere does not.
 *
 * @example await resolveTarget('http://127.0.0.1:3000') // { base: 'http://127.0.0.1:3000', port: 3000, … }
 */
export async function resolveTarget(input: string, { allowRemote = false } = {}): Promise<AuditTarget> {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(input) && /^[\w.[\]:-]+(\/.*)?$/.test(input)) {
    throw new AuditUsageError(`"${input}" has no scheme: did you mean http://${input}?`);
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new AuditUsageError(`"${input}" is not a URL. Give the service's base URL, e.g. http://127.0.0.1:3000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AuditUsageError(`The audit speaks HTTP: ${url.protocol}// is not http:// or https://.`);
  }
  if (url.username || url.password) throw new AuditUsageError('Leave credentials out of the URL: the audit sends no credentials.');
  if (url.search || url.hash) throw new AuditUsageError(`Give the base URL without a query or fragment (${url.origin}${url.pathname}).`);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(hostname) ? [hostname] : (await lookup(hostname, { all: true })).map((entry) => entry.address);
  } catch {
    throw new AuditUsageError(`The host name ${hostname} does not resolve. Is the URL right?`);
  }
  const remote = addresses.filter((address) => !isLoopbackAddress(address));
  if (remote.length && !allowRemote) {
    throw new AuditUsageError(
      `${hostname} is not this machine (${remote.join(', ')}). The audit sends bursts of requests, oversized bodies and ` +
        'half-sent requests, which look like an attack to someone else\'s server: audit only what you run. For a ' +
        'staging host of your own, add --allow-remote.',
    );
  }
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return { base: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, protocol: url.protocol, hostname, port, addresses };
}
