/**
 * @module
 * The page shell of the cohort server: plain, server-rendered HTML that works without JavaScript,
 * escaped by Hono's `html` template (every interpolated value is escaped unless wrapped in `raw`).
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #fff; --line: #d0d7de; --pass: #116329; --fail: #a40e26; --warn: #7d4e00; --accent: #0550ae; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --line: #30363d; --pass: #3fb950; --fail: #ff7b72; --warn: #d29922; --accent: #58a6ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0.75rem 1rem; }
header { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; margin-right: auto; color: inherit; text-decoration: none; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; }
.table-box { overflow-x: auto; }
th, td { border-bottom: 1px solid var(--line); padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { white-space: nowrap; }
.pass { color: var(--pass); } .fail { color: var(--fail); } .late, .pending { color: var(--warn); } .muted { color: var(--muted); }
form.inline { display: inline; }
label { display: block; margin: 0.5rem 0 0.2rem; font-weight: 600; }
input, select, textarea, button { font: inherit; }
input[type=text], input[type=email], input[type=password], input[type=url], input[type=datetime-local], select, textarea { width: min(100%, 32rem); padding: 0.35rem; }
button { padding: 0.35rem 0.8rem; cursor: pointer; }
.notice { border-left: 4px solid var(--accent); padding: 0.5rem 0.75rem; margin: 1rem 0; background: color-mix(in srgb, var(--accent) 8%, transparent); }
.error { border-left-color: var(--fail); }
code, pre { font-family: ui-monospace, monospace; font-size: 0.9em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: color-mix(in srgb, var(--fg) 6%, transparent); padding: 0.5rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 0.5rem; background: var(--bg); padding: 0.25rem; }
`;

export interface PageOptions {
  title: string;
  /** Who is signed in, for the header. */
  who?: string;
  /** The session's CSRF token: the header's sign-out form needs it. */
  csrf?: string;
  notice?: { text: string; kind?: 'info' | 'error' };
}

export function page(options: PageOptions, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Operable cohorts</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
  <a class="brand" href="/">Operable cohorts</a>
  ${options.who
    ? html`<span>${options.who}</span>
      <form class="inline" method="post" action="/logout">${csrfField(options.csrf)}<button type="submit">Sign out</button></form>`
    : ''}
</header>
<main id="main">
${options.notice ? html`<p class="notice ${options.notice.kind === 'error' ? 'error' : ''}" role="${options.notice.kind === 'error' ? 'alert' : 'status'}">${options.notice.text}</p>` : ''}
${body}
</main>
</body>
</html>`;
}

/** The hidden field every form that changes something carries. */
export function csrfField(token: string | undefined): Html {
  return html`<input type="hidden" name="_csrf" value="${token ?? ''}">`;
}

export function formatTime(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}
