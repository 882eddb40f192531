/**
 * Labs 01 and 02 walked through as a learner would: the starter's checks fail; the fixed files are
 * pasted in; a run by hand with a bad variable in the environment editor shows the fail-fast refusal
 * naming it; with the variable fixed the service runs; and every check passes.
 */
import { findLab } from '../../labs/index.ts';
import { expect, openLab, pasteIntoFile, referenceFile, test } from './workspace-helpers.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const walkthroughs = [
  { lab: '01-configuration', badEnv: 'APP_DB__POOL_SIZE=lots', named: 'db.poolSize' },
  { lab: '02-environment', badEnv: 'SESSION_SECRET=too-short', named: 'SESSION_SECRET' },
];

for (const { lab, badEnv, named } of walkthroughs) {
  test(`lab ${lab}: see the failures, fix, refuse a bad variable by hand, then all checks green`, async ({ page }) => {
    const { manifest, checks: labChecks } = findLab(lab)!;
    await openLab(page, `/lessons/${lab}/`);
    const checks = page.getByRole('tabpanel', { name: 'Checks' });

    await page.getByRole('button', { name: 'Run checks' }).click();
    await expect(checks.getByRole('status')).toContainText(/checks pass: \d+\/\d+ points/, { timeout: 90_000 });
    await expect(checks.locator('li.failed').first()).toBeVisible();

    for (const path of manifest.editableFiles) await pasteIntoFile(page, path, await referenceFile(path, lab), lab);
    // With the real types of zod, hono and Node, the reference shows no type error in any tab.
    await page.waitForTimeout(3000);
    await expect(page.getByRole('tab', { name: /error/ })).toHaveCount(0);

    await page.getByText('Environment for Run').click();
    await page.getByRole('textbox', { name: /Variables, one KEY=value a line/ }).fill(badEnv);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const log = page.getByRole('log', { name: 'Service output' });
    await expect(log).toContainText('The service did not start');
    await expect(log).toContainText(named);
    await page.screenshot({ path: test.info().outputPath(`${lab}-refused.png`) });

    await page.getByRole('textbox', { name: /Variables, one KEY=value a line/ }).fill('');
    await page.getByRole('button', { name: /^(Run|Restart)$/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();

    await page.getByRole('button', { name: 'Run checks' }).click();
    await expect(checks.getByRole('status')).toHaveText(new RegExp(`^All ${labChecks.length} checks pass`), { timeout: 90_000 });
  });
}
