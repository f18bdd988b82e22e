// Tests for etl.js, run with:   ./orion test scripts/etl.test.js
// Each runFlow runs the flow through the engine, the core policy and a temporary store of its own.
const { etl } = importScript("./etl.js");        // etl.js's flows and tasks, by name
const { test, runFlow, withOrion, assert } = testing;

test("sums the squares of 0..n-1", () => {
  const run = runFlow(etl, { n: 5 });
  assert.equal(run.state.type, "COMPLETED");
  assert.equal(run.result, 30);
  assert.deepEqual(run.taskRunsOf("square").map((t) => t.state.name), Array(5).fill("Completed"));
  assert.deepEqual(run.taskRun("extract").stateNames, ["Pending", "Running", "Completed"]);
});

test("audits after every square, with a log line", () => {
  const run = runFlow(etl, { n: 3 });
  assert.equal(run.taskRun("audit").state.name, "Completed");
  assert.ok(run.logs.includes("audited 3 squares"), `logs: ${run.logs}`);
});

test("a second run with the same numbers takes total from the cache until it expires", () => {
  withOrion((orion) => {
    orion.runFlow(etl, { n: 4 });
    const cached = orion.runFlow(etl, { n: 4 }).taskRun("total");
    assert.equal(cached.state.name, "Cached");
    assert.equal(cached.states.at(-1).rule, "CacheRetrieval");

    orion.advance(61);                                // past the 60 s cache expiration
    assert.equal(orion.runFlow(etl, { n: 4 }).taskRun("total").state.name, "Completed");
  });
});
