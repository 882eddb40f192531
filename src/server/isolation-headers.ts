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

/**
 * No other site may frame the course: a framing page could trick a learner into clicking Run on
 * code it chose (clickjacking). The server sends these on every response; the static `_headers` too.
 */
export const framingHeaders = {
  'Content-Security-Policy': "frame-ancestors 'self'",
  'X-Frame-Options': 'SAMEORIGIN',
} as const;

/** Browsers must not guess a response's type from its bytes, and links leave no path to other sites. */
export const contentHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
} as const;

/** Every header every response of the site carries. */
export const siteHeaders = { ...crossOriginIsolationHeaders, ...framingHeaders, ...contentHeaders } as const;
