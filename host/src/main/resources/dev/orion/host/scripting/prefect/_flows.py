# Prefect's Flow on Orion's engine: every call is an Orion flow run (a subflow run inside a flow).
import asyncio
import functools
import inspect

import orion as _o
from prefect._engine import (BaseTaskRunner, ConcurrentTaskRunner, FlowRunContext, PrefectFuture, State, StateType,
                             _FlowRun, _RunScopes, _attempt, _await_blocking, _call_hooks, _check_hooks, _end,
                             _final_state, _flow_contexts, _flow_errors, _lock, _raised_state, _resolve_args,
                             _route_prints, _result_options, _run_body, _scope, _seconds, _tag_stack, _unique,
                             not_offered)


def _aggregate(states):
    if all(s.is_completed() for s in states):
        return State(StateType.COMPLETED, message="All states completed.", data=[s.data for s in states])
    failed = [s for s in states if not s.is_completed()]
    return State(StateType.FAILED, message="%d/%d states failed." % (len(failed), len(states)))


def _flow_state(value, ctx):
    """Prefect's rule: a returned state decides; returned futures and states aggregate; None means all the runs made."""
    if value is None:
        made = [f.wait() for f in ctx._futures] + ctx._states
        return _aggregate(made) if made else State(StateType.COMPLETED, data=None)
    if isinstance(value, PrefectFuture):
        return value.wait()
    if isinstance(value, (list, tuple, set)) and value and all(isinstance(v, (State, PrefectFuture)) for v in value):
        return _aggregate([v.wait() if isinstance(v, PrefectFuture) else v for v in value])
    return _final_state(value)


def _crashed_state(error):
    """Prefect's Crashed state for a BaseException that is not an Exception."""
    message = ("Execution was aborted by an interrupt signal." if isinstance(error, KeyboardInterrupt)
               else "Execution was aborted by Python system exit call." if isinstance(error, SystemExit)
               else "Execution was cancelled by the runtime environment." if isinstance(error, asyncio.CancelledError)
               else "Execution was interrupted by an unexpected exception: %r" % (error,))
    return State(StateType.CRASHED, message=message, _error=error)


def _subflow_exception(foreign):
    """The exception the subflow's body raised, as Prefect raises it in the parent, for the engine's error."""
    try:
        text = str(foreign.getMessage())
    except Exception:
        text = str(foreign)
    with _lock:
        for key in sorted(_flow_errors, key=len, reverse=True):
            if key in text:
                return _flow_errors[key]
    from prefect.exceptions import FailedRun
    return FailedRun(text)
_FLOW_KEYS = ("name", "version", "flow_run_name", "retries", "retry_delay_seconds", "task_runner", "description",
              "timeout_seconds", "validate_parameters", "persist_result", "result_storage", "result_serializer",
              "cache_result_in_memory", "log_prints", "on_completion", "on_failure", "on_cancellation",
              "on_crashed")


class Flow:
    """A Prefect flow: every call is an Orion flow run (a subflow run when called inside a flow)."""

    def __init__(self, fn, name=None, version=None, flow_run_name=None, retries=None, retry_delay_seconds=None,
                 task_runner=ConcurrentTaskRunner, description=None, timeout_seconds=None,
                 validate_parameters=True, persist_result=None, result_storage=None, result_serializer=None,
                 cache_result_in_memory=True, log_prints=None, on_completion=None, on_failure=None,
                 on_cancellation=None, on_crashed=None):
        if not callable(fn):
            raise TypeError("'fn' must be callable")
        self._settings = {k: v for k, v in locals().items() if k in _FLOW_KEYS}
        self.fn = fn
        self.isasync = inspect.iscoroutinefunction(fn)
        self.name = name or fn.__name__.replace("_", "-")
        self.version = version
        self.description = description or inspect.getdoc(fn)
        self.flow_run_name = flow_run_name
        self.retries = retries or 0
        self.retry_delay_seconds = retry_delay_seconds or 0
        self.timeout_seconds = timeout_seconds
        self.log_prints = log_prints
        _route_prints()
        self.task_runner = task_runner() if isinstance(task_runner, type) else task_runner
        if not isinstance(self.task_runner, BaseTaskRunner):
            not_offered("task_runner=%s" % type(self.task_runner).__name__,
                        "use SequentialTaskRunner() or ConcurrentTaskRunner()")
        self.on_completion = _check_hooks("on_completion", on_completion)
        self.on_failure = _check_hooks("on_failure", on_failure)
        self.on_cancellation = _check_hooks("on_cancellation", on_cancellation)
        self.on_crashed = _check_hooks("on_crashed", on_crashed)
        self.parameters = [n for n in inspect.signature(fn).parameters]
        _result_options("flow %r" % self.name, persist_result, result_storage, result_serializer, None)
        functools.update_wrapper(self, fn)
        params = _o._params(fn)
        self._names = [p["name"] for p in params]
        opts = {"description": self.description, "version": version, "retries": self.retries,
                "retry_delay_seconds": _seconds(self.retry_delay_seconds),
                "timeout_seconds": _seconds(timeout_seconds), "task_runner": self.task_runner._orion_name,
                "validate_parameters": validate_parameters, "persist_result": persist_result,
                "log_prints": bool(log_prints)}
        opts = {k: v for k, v in opts.items() if v is not None}
        self._key = _unique(self.name)
        self._orion = _o._bridge.defineFlow(self._key, opts, self._body, params)
        _o._bridge.flowAlias(fn.__name__, self._key)

    def _body(self, *args):
        scope = _scope()
        run_id = str(scope.flowRunId())
        attempt = _attempt(run_id)
        parameters = dict(zip(self._names, args))
        run = _FlowRun(run_id, parameters, self.name, sorted(_tag_stack.get()), attempt)
        ctx = FlowRunContext(self, run, self.task_runner)
        ctx._futures = []
        ctx._states = []
        _flow_contexts[run_id] = ctx
        run._rename(self.flow_run_name, parameters)
        return _run_body(ctx, self.fn, args, self.isasync,
                         lambda value, error: self._finish(ctx, attempt, value, error))

    def _finish(self, ctx, attempt, value, error):
        """Prefect's end of a flow attempt: the hooks of the state the run enters (Cancelling when cancelled)."""
        hooks = dict(flow=self, flow_run=ctx.flow_run)
        if _o._bridge.cancelRequested():
            _call_hooks(self.on_cancellation, state=State(StateType.CANCELLING, message="The flow run was cancelled.",
                                                          _error=error), **hooks)
            return None
        if error is not None and not isinstance(error, Exception):
            _call_hooks(self.on_crashed, state=_crashed_state(error), **hooks)
            return None
        if error is not None:
            with _lock:
                _flow_errors["%s: %s" % (type(error).__name__, error)] = error
            state = _raised_state("Flow", error)
        else:
            state = _flow_state(value, ctx)
        if state.is_completed():
            _call_hooks(self.on_completion, state=state, **hooks)
        elif state.is_failed() and attempt > self.retries:
            _call_hooks(self.on_failure, state=state, **hooks)
        elif state.is_crashed():
            _call_hooks(self.on_crashed, state=state, **hooks)
        return None if error is not None else _end(state)

    def __call__(self, *args, return_state=False, wait_for=None, **kwargs):
        if wait_for:
            not_offered("wait_for= on a subflow call")
        bound = inspect.signature(self.fn).bind(*args, **kwargs)
        bound.apply_defaults()
        values = _resolve_args([bound.arguments[n] for n in self._names])
        parent = _flow_contexts.get(str(_scope().flowRunId())) if _scope() is not None else None

        def run():
            try:
                state = State(StateType.COMPLETED, data=_o._decode(_o._bridge.callFlow(self._orion, values)))
            except BaseException as e:  # a Java exception from the engine is no Python Exception
                if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit, asyncio.CancelledError)):
                    raise
                error = _subflow_exception(e)
                if not return_state:
                    raise error from None
                state = State(StateType.FAILED, message=str(error), _error=error)
            if parent is not None:
                parent._states.append(state)
            return state if return_state else state.result()
        if self.isasync:
            scope = _scope()

            async def run_async():
                if scope is None:
                    return run()
                return await _await_blocking(lambda: _RunScopes.callIn(scope, run))
            return run_async()
        return run()

    def with_options(self, **options):
        unknown = set(options) - set(_FLOW_KEYS)
        if unknown:
            raise TypeError("with_options() got unexpected keyword argument(s) %s" % ", ".join(sorted(unknown)))
        settings = dict(self._settings)
        settings.update(options)
        return Flow(self.fn, **settings)

    def serve(self, *args, **kwargs):
        not_offered("Flow.serve", "deploy with `orion deployment create` and run `orion worker`")

    def deploy(self, *args, **kwargs):
        not_offered("Flow.deploy", "deploy with `orion deployment create`")

    def to_deployment(self, *args, **kwargs):
        not_offered("Flow.to_deployment", "deploy with `orion deployment create`")

    @classmethod
    def from_source(cls, *args, **kwargs):
        not_offered("Flow.from_source")

    def visualize(self, *args, **kwargs):
        not_offered("Flow.visualize")

    def __repr__(self):
        return "Flow(name=%r)" % self.name


def flow(__fn=None, **kwargs):
    """@flow or @flow(name=..., retries=..., task_runner=..., ...), as in Prefect 2."""
    if __fn is not None:
        return Flow(__fn, **kwargs)
    return lambda fn: Flow(fn, **kwargs)
