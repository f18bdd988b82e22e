# Orion's Python testing API: the `orion.testing` module of the scripts `orion test FILE` runs.
#   from orion.testing import run_flow
#   from etl import etl
#   def test_sums_the_squares():
#       assert run_flow(etl, n=5).result == 30
import json as _json

from orion import State as _State

_bridge = None


class Step(_State):
    """One state of a run (type, name, message) and the rule (with its reason) that decided it, if any."""

    def __init__(self, data):
        _State.__init__(self, data)
        self.timestamp = data.get("timestamp")
        self.rule = data.get("rule")
        self.reason = data.get("reason")

    def __repr__(self):
        return "Step(%s%s)" % (self.name, "" if self.rule is None else " by " + self.rule)


class TaskRun:
    """One task run: its name (task and counter), task, final state and every state in order."""

    def __init__(self, data):
        self.id = data["id"]
        self.name = data["name"]
        self.task = data["task"]
        self.state = None if data.get("state") is None else Step(data["state"])
        self.states = [Step(s) for s in data["states"]]

    @property
    def state_names(self):
        return [s.name for s in self.states]

    def __repr__(self):
        return "TaskRun(%s, %s)" % (self.name, self.state_names)


class FlowRun:
    """What a flow run did: state, result, error, states (with rules), task runs, log lines."""

    def __init__(self, data):
        self.id = data["id"]
        self.name = data["name"]
        self.flow = data["flow"]
        self.state = Step(data["state"])
        self.result = data.get("result")
        self.error = data.get("error")
        self.states = [Step(s) for s in data["states"]]
        self.task_runs = [TaskRun(t) for t in data["taskRuns"]]
        self.logs = list(data["logs"])

    @property
    def state_names(self):
        return [s.name for s in self.states]

    def task_runs_of(self, task):
        """The task runs of a task, in the order they were created."""
        return [t for t in self.task_runs if t.task == task]

    def task_run(self, task_or_name):
        """The one task run of a task, or the task run with that exact name."""
        runs = self.task_runs_of(task_or_name)
        if len(runs) == 1:
            return runs[0]
        for t in self.task_runs:
            if t.name == task_or_name:
                return t
        raise LookupError("no single task run of %r; task runs: %s"
                          % (task_or_name, ", ".join(t.name for t in self.task_runs)))

    def __repr__(self):
        return "FlowRun(%s, %s, result=%r)" % (self.name, self.state.name, self.result)


def _host_flow(flow):
    host = getattr(flow, "__orion_flow__", None)
    if host is None:
        raise TypeError("run_flow(flow, ...) needs a flow made with @flow, got %r" % (flow,))
    return host


class OrionTestHarness:
    """An Orion on a temporary store of its own, kept across runs, with a clock a test moves.

        with orion_test_harness() as orion:
            first = orion.run_flow(etl, n=5)
            orion.advance(61)
    """

    def __init__(self):
        self._trial = _bridge.openTrial()

    def run_flow(self, flow, parameters=None, **params):
        """Runs a flow with named parameters; returns its FlowRun once it ended."""
        values = dict(parameters or {})
        values.update(params)
        return FlowRun(_json.loads(_bridge.runTrial(self._trial, _host_flow(flow), values)))

    def advance(self, seconds):
        """Moves the clock on (e.g. past a cache expiry); waits in runs already jump it."""
        _bridge.advanceTrial(self._trial, float(getattr(seconds, "total_seconds", lambda: seconds)()))
        return self

    def close(self):
        """Deletes the store."""
        _bridge.closeTrial(self._trial)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def orion_test_harness():
    """A temporary Orion for several runs, deleted when the `with` block ends."""
    return OrionTestHarness()


def run_flow(flow, parameters=None, **params):
    """Runs a flow on a fresh temporary store, deleted afterwards; returns its FlowRun."""
    with OrionTestHarness() as orion:
        return orion.run_flow(flow, parameters, **params)


def _install(bridge):
    global _bridge
    _bridge = bridge
