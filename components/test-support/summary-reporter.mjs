// web-test-runner's own summary is a progress bar that CI cannot read: this reporter prints one
// closing line, `wtr: N passed, N failed, N skipped`, when the process exits (a line written
// during the run would be swallowed by the dynamic terminal output).
function count(suite, totals) {
  for (const t of suite?.tests ?? []) {
    if (t.skipped) totals.skipped++;
    else if (t.passed) totals.passed++;
    else totals.failed++;
  }
  for (const s of suite?.suites ?? []) count(s, totals);
}

export function summaryReporter() {
  let sessions = [];
  process.once('exit', () => {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    for (const session of sessions) {
      count(session.testResults, totals);
      // A file that failed to load or threw outside a test has no results of its own.
      if (!session.passed && session.errors?.length) totals.failed += session.errors.length;
    }
    process.stdout.write(
      `wtr: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
    );
  });
  return {
    onTestRunFinished(args) {
      sessions = args.sessions;
    },
    stop(args) {
      sessions = args.sessions;
    },
  };
}
