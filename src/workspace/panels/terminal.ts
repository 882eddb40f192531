/**
 * @module
 * The terminal panel of the in-browser runtime: what the processes in the WebContainer print (the
 * lab session, the service, the check runner), drawn by xterm.js, which is loaded with the first
 * output so a learner on the local runtime never downloads it.
 */
import { h } from '../dom.ts';

export interface TerminalPanel {
  element: HTMLElement;
  write(text: string): void;
}

export function createTerminalPanel(): TerminalPanel {
  const host = h('div', { class: 'ws-terminal', role: 'log', 'aria-label': 'Terminal of the in-browser runtime' });
  const element = h(
    'div',
    {},
    h('p', { class: 'muted small' }, 'Output of the processes in the in-browser runtime. The Logs panel shows the service’s lines too, formatted.'),
    host,
  );
  // Text that arrives while xterm.js loads waits here, then goes out in one write.
  let pending = '';
  let xtermReady: { write(text: string): void } | undefined;
  let loading: Promise<void> | undefined;
  const open = () =>
    (loading ??= Promise.all([import('@xterm/xterm'), import('@xterm/xterm/css/xterm.css?raw')]).then(([{ Terminal }, css]) => {
      if (!document.querySelector('style[data-xterm]')) {
        const style = document.createElement('style');
        style.dataset.xterm = '';
        style.textContent = css.default;
        document.head.append(style);
      }
      const xterm = new Terminal({ convertEol: true, disableStdin: true, rows: 14, fontSize: 13, scrollback: 5000, screenReaderMode: true });
      xterm.open(host);
      xterm.write(pending);
      pending = '';
      xtermReady = xterm;
    }));
  return {
    element,
    write(text) {
      if (xtermReady) return xtermReady.write(text);
      pending += text;
      void open();
    },
  };
}
