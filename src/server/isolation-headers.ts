/**
 * @module
 * Headers that make the site cross-origin isolated (`crossOriginIsolated === true`), which
 * WebContainers need; Monaco's workers need them on their own responses too.
 */
export const crossOriginIsolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;
