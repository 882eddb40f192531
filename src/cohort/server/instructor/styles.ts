/**
 * @module
 * The few styles the instructor's pages add to the shell's: the gradebook grid, its cell states and
 * forms laid out in a row. Inline (the CSP allows inline styles), so the pages need no asset route.
 */
import { html, raw } from 'hono/html';

const CSS = `
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.row-form { display: flex; gap: 0.75rem; align-items: end; flex-wrap: wrap; margin: 0.5rem 0; }
.row-form label { margin: 0 0 0.2rem; }
.row-form input[type=search], .row-form input[type=text] { width: 16rem; padding: 0.35rem; }
.actions { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center; margin: 0.75rem 0; }
.gradebook th { white-space: nowrap; }
.gradebook td.cell { min-width: 7.5rem; max-width: 13rem; }
.gradebook th a { color: inherit; }
.cell .score { font-weight: 600; }
.cell small, .gradebook th small { display: block; font-weight: normal; }
.cell-pass .mark { color: var(--pass); } .cell-fail .mark { color: var(--fail); }
.cell-pending .mark, .cell-not-graded .mark, .flag { color: var(--warn); }
.cell-missing { color: var(--muted); }
#join-link { width: min(100%, 44rem); }
fieldset label { font-weight: normal; }
td.when { white-space: nowrap; }
.errors li { color: var(--fail); }
.token { font-size: 1.1em; }
nav.crumbs { margin: 0.5rem 0 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
`;

export const instructorStyle = html`<style>${raw(CSS)}</style>`;
