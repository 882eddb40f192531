/**
 * @module
 * Code block colours for light and dark themes: the high-contrast GitHub themes, whose comments still
 * meet WCAG AA contrast (the regular ones do not). site.css switches to the dark one with the system.
 */
export const codeThemes = { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const;
