// Orion's JavaScript testing API, evaluated after orion.js in the scripts `orion test FILE` runs:
//   import etl from "./etl.js";
//   const { test, runFlow, assert } = testing;
//   test("sums the squares", () => assert.equal(runFlow(etl, { n: 5 }).result, 30));
(function (bridge) {
  "use strict";

  class AssertionError extends Error {
    constructor(message, actual, expected) {
      super(message);
      this.name = "AssertionError";
      this.actual = actual;
      this.expected = expected;
    }
  }

  const show = (v) => {
    if (typeof v === "string") return JSON.stringify(v);
    if (v === undefined) return "undefined";
    try { return JSON.stringify(v); } catch (e) { return String(v); }
  };

  function deepEqual(a, b) {
    if (Object.is(a, b)) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }

  const fail = (message, actual, expected, fallback) => {
    throw new AssertionError(message === undefined ? fallback : message, actual, expected);
  };

  // The part of node:assert tests reach for, with the same names and messages' shape.
  const assert = (value, message) => assert.ok(value, message);
  assert.AssertionError = AssertionError;
  assert.ok = (value, message) => { if (!value) fail(message, value, true, `expected a truthy value, got ${show(value)}`); };
  assert.equal = assert.strictEqual = (actual, expected, message) => {
    if (!Object.is(actual, expected)) fail(message, actual, expected, `expected ${show(expected)}, got ${show(actual)}`);
  };
  assert.notEqual = assert.notStrictEqual = (actual, expected, message) => {
    if (Object.is(actual, expected)) fail(message, actual, expected, `expected anything but ${show(expected)}`);
  };
  assert.deepEqual = assert.deepStrictEqual = (actual, expected, message) => {
    if (!deepEqual(actual, expected)) fail(message, actual, expected, `expected ${show(expected)}, got ${show(actual)}`);
  };
  assert.match = (string, regexp, message) => {
    if (!regexp.test(string)) fail(message, string, regexp, `expected ${show(string)} to match ${regexp}`);
  };
  assert.throws = (fn, expected, message) => {
    try { fn(); } catch (e) {
      if (expected instanceof RegExp && !expected.test(String(e && e.message !== undefined ? e.message : e))) {
        fail(message, e, expected, `expected an error matching ${expected}, got ${show(String(e))}`);
      }
      return;
    }
    fail(typeof expected === "string" ? expected : message, undefined, expected, "expected the function to throw");
  };
  assert.fail = (message) => fail(message, undefined, undefined, "failed");

  /** One task run: its name (task and counter), task, final state and every state with the rule behind it. */
  class TaskRun {
    constructor(data) { Object.assign(this, data); }
    get stateNames() { return this.states.map((s) => s.name); }
  }

  /** What a flow run did: state, result, states (with rules), task runs, log lines. */
  class FlowRun {
    constructor(data) {
      Object.assign(this, data);
      this.taskRuns = data.taskRuns.map((t) => new TaskRun(t));
    }
    get stateNames() { return this.states.map((s) => s.name); }
    /** The task runs of a task, in the order they were created. */
    taskRunsOf(task) { return this.taskRuns.filter((t) => t.task === task); }
    /** The one task run of a task, or the task run with that exact name. */
    taskRun(taskOrName) {
      const of = this.taskRunsOf(taskOrName);
      const found = of.length === 1 ? of[0] : this.taskRuns.find((t) => t.name === taskOrName);
      if (!found) throw new Error(`no single task run of '${taskOrName}'; task runs: ${this.taskRuns.map((t) => t.name).join(", ")}`);
      return found;
    }
  }

  const hostFlow = (flow) => {
    if (!flow || !flow.__orion_flow__) throw new TypeError("runFlow(flow, params) needs a flow made with flow(...)");
    return flow.__orion_flow__;
  };

  /** An Orion on a temporary store of its own, kept across runs, with a clock a test moves. */
  class TestOrion {
    constructor() { this.__trial = bridge.openTrial(); }
    /** Runs a flow with named parameters; returns its FlowRun once it ended. */
    runFlow(flow, params) { return new FlowRun(JSON.parse(bridge.runTrial(this.__trial, hostFlow(flow), params || {}))); }
    /** Moves the clock on (e.g. past a cache expiry); waits in runs already jump it. */
    advance(seconds) { bridge.advanceTrial(this.__trial, seconds); return this; }
    /** Deletes the store. */
    close() { bridge.closeTrial(this.__trial); }
  }

  globalThis.testing = Object.freeze({
    /** Declares a test: orion test FILE runs each in order and reports it. */
    test(name, fn) { bridge.defineTest(String(name), fn); },
    /** Runs a flow on a fresh temporary store, deleted afterwards; returns its FlowRun. */
    runFlow(flow, params) {
      const orion = new TestOrion();
      try { return orion.runFlow(flow, params); } finally { orion.close(); }
    },
    /** A temporary Orion for several runs (cache hits, the clock); close it, or use withOrion. */
    orion() { return new TestOrion(); },
    /** Calls fn with a temporary Orion and deletes its store afterwards; returns what fn returns. */
    withOrion(fn) {
      const orion = new TestOrion();
      try { return fn(orion); } finally { orion.close(); }
    },
    assert,
    AssertionError,
  });
})
