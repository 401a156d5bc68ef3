// @ts-check
/**
 * Prints one plain closing line after jest's own summary, e.g. `Tests: 120 passed, 0 failed, 2 skipped`,
 * so that CI can read the result without parsing jest's layout. A test file that failed to run at all
 * (syntax error, an error outside any test) counts as one failure even though it reported no test.
 */
class SummaryReporter {
  /** @param {import('@jest/reporters').AggregatedResult} results */
  onRunComplete(_contexts, results) {
    const brokenFiles = results.testResults.filter((r) => r.testExecError != null || (r.failureMessage && r.numFailingTests === 0)).length;
    const failed = results.numFailedTests + brokenFiles;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `Tests: ${results.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`;
    // Jest adds its own summary reporter after every configured one: print at exit so ours comes last
    // (stdout to a file, pipe or terminal is written synchronously on Linux, as 'exit' requires).
    process.once('exit', () => process.stdout.write(line));
  }
}
module.exports = SummaryReporter;
