/**
 * Ends a Jest run with one plain line, "tests: N passed, N failed[, N skipped]", which CI reads as the run's
 * closing count (Jest's own summary line has another shape).
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    // After Jest's own summary, so it is the run's last line.
    process.once('exit', () => process.stdout.write(`${line}\n`));
  }
}
module.exports = SummaryReporter;
