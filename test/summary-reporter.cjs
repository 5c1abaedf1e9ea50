/**
 * Ends a Jest run with one plain line, "tests: N passed, N failed[, N skipped]", which CI reads as the run's
 * closing count (Jest's own summary line has another shape). Before it, which browser ran the UI tests
 * (test/e2e/browser.ts logs it from inside the test workers).
 */
const BROWSER_LINE_PREFIX = 'Browser for the UI tests:';

class SummaryReporter {
  constructor() {
    this.browsers = new Set();
  }

  onTestResult(_test, testResult) {
    for (const entry of testResult.console ?? []) {
      if (typeof entry.message === 'string' && entry.message.startsWith(BROWSER_LINE_PREFIX)) this.browsers.add(entry.message);
    }
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const lines = [...this.browsers];
    lines.push(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
    // After Jest's own summary, so the count is the run's last line.
    process.once('exit', () => process.stdout.write(`${lines.join('\n')}\n`));
  }
}
module.exports = SummaryReporter;
