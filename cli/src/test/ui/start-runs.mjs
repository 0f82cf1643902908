// Starts runbooks through the Temporal Web UI's start form, as an operator does, in Debian's chromium.
// Usage: node start-runs.mjs SPEC.json, where SPEC is
//   {"namespace": "default", "screenshots": "/dir", "runs": [{"name": "check", "link": "http://...", "input": "{...}"}]}
// For each run it prints "started NAME WORKFLOW_ID RUN_ID", then waits on the run's page until the run has
// ended and saves a screenshot of that page as NAME.png. Requests anywhere but 127.0.0.1 are refused.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-chromium-'));
const ENDED = ['Completed', 'Failed', 'Terminated', 'Canceled', 'Timed Out'];

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.RUNBOOK_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 1000 },
  // Everything that would make chromium call home is off; the UI is on 127.0.0.1.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
await context.route('**/*', (route) => {
  const host = new URL(route.request().url()).hostname;
  if (host === '127.0.0.1') {
    return route.continue();
  }
  console.error(`refused a request outside 127.0.0.1: ${route.request().url()}`);
  return route.abort();
});

try {
  const page = context.pages()[0] ?? (await context.newPage());
  for (const run of spec.runs) {
    await startOne(page, run);
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

async function startOne(page, run) {
  const workflowId = new URL(run.link).searchParams.get('workflowId');
  await page.goto(run.link, { waitUntil: 'networkidle' });
  const shownId = await page.getByTestId('workflowId').inputValue();
  if (shownId !== workflowId) {
    throw new Error(`${run.name}: the form shows workflow id "${shownId}", the link gave "${workflowId}"`);
  }
  await fillInput(page, run);
  const started = page.waitForResponse((r) => r.request().method() === 'POST'
    && decodeURIComponent(new URL(r.url()).pathname).endsWith(`/workflows/${workflowId}`));
  await page.getByTestId('start-workflow-button').click();
  const response = await started;
  const body = await response.json();
  if (!response.ok() || !body.runId) {
    throw new Error(`${run.name}: the UI's start answered HTTP ${response.status()}: ${JSON.stringify(body)}`);
  }
  console.log(`started ${run.name} ${workflowId} ${body.runId}`);
  await page.goto(`${new URL(run.link).origin}/namespaces/${encodeURIComponent(spec.namespace)}/workflows/`
    + `${encodeURIComponent(workflowId)}/${body.runId}/history`, { waitUntil: 'networkidle' });
  await awaitEnd(page, run.name);
  // The run's first page: its status, input and result. (Its User Metadata tab would show the current
  // details only once a worker has answered a query for them, and a UI start has no summary of its own.)
  await page.screenshot({ path: path.join(spec.screenshots, `${run.name}.png`) });
}

// The input is a CodeMirror editor, not a form field: focus it, select what the form put there, and insert
// the new text in one edit (typed key by key, the editor would add closing brackets of its own). Then leave
// it by clicking the page's title: on blur the editor reformats the JSON and grows, which moves the start
// button, so a click that blurred the editor would land beside the button.
async function fillInput(page, run) {
  const editor = page.locator('.cm-content').first();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(run.input);
  await page.getByTestId('start-workflow').click();
  const shown = await editor.innerText();
  if (JSON.stringify(JSON.parse(shown)) !== JSON.stringify(JSON.parse(run.input))) {
    throw new Error(`${run.name}: the input editor holds ${shown}, not ${run.input}`);
  }
}

// Waits until the run's page shows an ended status, reloading now and then in case the page stops polling.
async function awaitEnd(page, name) {
  const deadline = Date.now() + 180_000;
  const status = page.getByText(new RegExp(`^(${ENDED.join('|')})$`)).first();
  while (Date.now() < deadline) {
    try {
      await status.waitFor({ state: 'visible', timeout: 10_000 });
      return;
    } catch (e) {
      await page.reload({ waitUntil: 'networkidle' });
    }
  }
  throw new Error(`${name}: the run's page showed no end within 3 minutes`);
}
