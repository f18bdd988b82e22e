# Prefect 2's flow-authoring API on Orion's engine: every flow and task call is an Orion run,
# proposed to Orion's orchestrator through the `orion` module's bridge (one engine, two APIs).
# Results cross between runs as JSON values, as in the `orion` module.
import asyncio
import contextvars
import datetime
import functools
import hashlib
import inspect
import json
import threading

import orion as _o
import java

_RunScopes = java.type("dev.orion.api.spi.RunScopes")
_Duration = java.type("java.time.Duration")

# The Python side of the current run: the FlowRunContext or TaskRunContext the code runs in.
_current = contextvars.ContextVar("prefect_run_context", default=None)
_tag_stack = contextvars.ContextVar("prefect_tags", default=())
_errors = {}        # task run id -> the exception its last attempt raised (one context, one heap)
_attempts = {}      # run id -> attempts started
_lock = threading.Lock()
_names = {}         # name -> times defined (Orion names each task and flow of a file once)
_pool = None


class NotOfferedError(NotImplementedError):
    """Raised for a part of Prefect's API that Orion does not offer yet."""


def not_offered(what, hint=""):
    raise NotOfferedError("Orion's prefect module does not offer %s yet%s" % (what, "; " + hint if hint else ""))


def _executor():
    global _pool
    if _pool is None:
        import concurrent.futures
        _pool = concurrent.futures.ThreadPoolExecutor(max_workers=64, thread_name_prefix="prefect-await")
    return _pool


def _in_loop():
    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False


def _scope():
    current = _RunScopes.current()
    return current.get() if current.isPresent() else None


def _unique(name):
    with _lock:
        n = _names.get(name, 0) + 1
        _names[name] = n
    return name if n == 1 else "%s#%d" % (name, n)


def _seconds(value):
    return _o._seconds(value)


def _render(template, parameters):
    if template is None:
        return None
    if callable(template):
        return template()
    return template.format(**parameters)


# ---- states -----------------------------------------------------------------------------------

class StateType:
    SCHEDULED = "SCHEDULED"
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    CRASHED = "CRASHED"
    PAUSED = "PAUSED"
    CANCELLING = "CANCELLING"


class State:
    """A run's state as Prefect shows it: type, name, message and, for a final state, its data."""

    def __init__(self, type, name=None, message=None, data=None, _error=None):
        self.type = type
        self.name = name or type.title()
        self.message = message
        self.data = data
        self._error = _error
        self.timestamp = datetime.datetime.now(datetime.timezone.utc)

    def is_scheduled(self):
        return self.type == StateType.SCHEDULED

    def is_pending(self):
        return self.type == StateType.PENDING

    def is_running(self):
        return self.type == StateType.RUNNING

    def is_completed(self):
        return self.type == StateType.COMPLETED

    def is_failed(self):
        return self.type == StateType.FAILED

    def is_crashed(self):
        return self.type == StateType.CRASHED

    def is_cancelled(self):
        return self.type == StateType.CANCELLED

    def is_paused(self):
        return self.type == StateType.PAUSED

    def is_final(self):
        return self.type in (StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED, StateType.CRASHED)

    def result(self, raise_on_failure=True, fetch=None):
        if self.type in (StateType.FAILED, StateType.CRASHED, StateType.CANCELLED):
            error = self._error or _state_error(self)
            if raise_on_failure:
                raise error
            return error
        if isinstance(self.data, State):
            return self.data.result(raise_on_failure=raise_on_failure)
        return self.data

    def __repr__(self):
        return "%s(message=%r, type=%s)" % (self.name, self.message, self.type)

    __str__ = __repr__


def _state_error(state):
    from prefect.exceptions import CancelledRun, CrashedRun, FailedRun
    kind = {StateType.CANCELLED: CancelledRun, StateType.CRASHED: CrashedRun}.get(state.type, FailedRun)
    return kind(state.message or "Run ended %s" % state.name)


def _final_state(value):
    """A value a flow or task body returned: states and futures in it decide the run's state."""
    states = []

    def walk(v):
        if isinstance(v, PrefectFuture):
            s = v.wait()
            states.append(s)
            return s.result(raise_on_failure=False)
        if isinstance(v, State):
            states.append(v)
            return v.result(raise_on_failure=False) if v.is_final() else v.data
        if isinstance(v, (list, tuple)):
            return type(v)(walk(x) for x in v)
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        return v

    if isinstance(value, State):
        return value
    data = walk(value)
    if not states:
        return State(StateType.COMPLETED, data=data)
    failed = [s for s in states if not s.is_completed()]
    if failed:
        return State(StateType.FAILED, message="%d/%d states failed." % (len(failed), len(states)))
    return State(StateType.COMPLETED, data=data)


class _ReturnedState(Exception):
    """Ends a run in the Failed or Crashed state its body returned."""


def _end(state):
    """The value a body returns for Orion, or the error that fails the run, for a final state."""
    if state.is_completed():
        return _jsonable(state.data)
    if state.type in (StateType.FAILED, StateType.CRASHED):
        raise state._error if state._error is not None else _ReturnedState(state.message or state.name)
    not_offered("ending a run in a returned %s state" % state.name, "return Completed(...) or Failed(...)")


def _jsonable(value):
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    try:
        json.dumps(value)
        return value
    except TypeError:
        raise TypeError("Orion keeps results as JSON; a %s is not JSON (return numbers, strings, lists or dicts)"
                        % type(value).__name__)


def _host_state(data, error=None, result=None):
    return State(str(data["type"]), str(data["name"]), data.get("message"), result, error)


# ---- futures ----------------------------------------------------------------------------------

class PrefectFuture:
    """A submitted task run: wait() gives its final State, result() its value (awaitable in async flows)."""

    def __init__(self, orion_future, task, asynchronous):
        self._f = orion_future
        self.task = task
        self._asynchronous = asynchronous

    @property
    def task_run_id(self):
        return self._f.id

    @property
    def __orion_future__(self):
        return self._f.__orion_future__

    def _state(self, timeout=None):
        data = _o._decode(_o._bridge.waitState(self._f.__orion_future__, -1 if timeout is None else _seconds(timeout)))
        if data is None:
            return None
        if data["type"] == "COMPLETED":
            return _host_state(data, result=self._f.result())
        return _host_state(data, error=_errors.get(self._f.id) or _failure(data))

    def wait(self, timeout=None):
        if self._asynchronous and _in_loop():
            return _await_blocking(self._state, timeout)
        return self._state(timeout)

    def result(self, timeout=None, raise_on_failure=True):
        if self._asynchronous and _in_loop():
            return _await_blocking(lambda: self._state(timeout).result(raise_on_failure=raise_on_failure))
        state = self._state(timeout)
        if state is None:
            raise TimeoutError("task run %s did not finish within %s" % (self.task_run_id, timeout))
        return state.result(raise_on_failure=raise_on_failure)

    def get_state(self):
        return _host_state(_o._decode(_o._bridge.state(self._f.__orion_future__)))

    def __repr__(self):
        return "PrefectFuture(%r)" % self.task_run_id


def _failure(data):
    from prefect.exceptions import FailedRun
    if data.get("name") == "TimedOut":
        return TimeoutError(data.get("message") or "task run timed out")
    return FailedRun(data.get("message") or "task run failed")


async def _await_blocking(fn, *args):
    return await asyncio.get_running_loop().run_in_executor(_executor(), functools.partial(fn, *args))


class allow_failure:
    """Wraps an upstream future so a failure of it does not stop the task that waits for it."""

    def __init__(self, value):
        self.value = value

    def unwrap(self):
        return self.value


class quote:
    def __init__(self, value):
        self.value = value

    def unwrap(self):
        return self.value


unmapped = _o.unmapped


def _resolve_args(values):
    """Futures (and allow_failure-wrapped ones) among the arguments become their results, as in Prefect."""
    def one(v):
        if isinstance(v, allow_failure):
            inner = v.value
            return inner.result(raise_on_failure=False) if isinstance(inner, PrefectFuture) else inner
        if isinstance(v, quote):
            return v.value
        if isinstance(v, PrefectFuture):
            return v._f.result()
        if isinstance(v, State):
            return v.result()
        if isinstance(v, list):
            return [one(x) for x in v]
        if isinstance(v, tuple):
            return [one(x) for x in v]
        if isinstance(v, dict):
            return {k: one(x) for k, x in v.items()}
        return v
    return [one(v) for v in values]


# ---- run contexts -----------------------------------------------------------------------------

class _FlowRun:
    def __init__(self, id, name, parameters, flow_name, tags, run_count):
        self.id = id
        self.name = name
        self.parameters = parameters
        self.flow_name = flow_name
        self.tags = tags
        self.run_count = run_count


class _TaskRun:
    def __init__(self, id, name, flow_run_id, tags, run_count, parameters):
        self.id = id
        self.name = name
        self.flow_run_id = flow_run_id
        self.tags = tags
        self.run_count = run_count
        self.parameters = parameters


class FlowRunContext:
    def __init__(self, flow, flow_run, task_runner=None):
        self.flow = flow
        self.flow_run = flow_run
        self.task_runner = task_runner
        self.parameters = flow_run.parameters

    @classmethod
    def get(cls):
        c = _current.get()
        while c is not None and not isinstance(c, FlowRunContext):
            c = c.parent
        return c


class TaskRunContext:
    def __init__(self, task, task_run, parameters, parent):
        self.task = task
        self.task_run = task_run
        self.parameters = parameters
        self.parent = parent

    @classmethod
    def get(cls):
        c = _current.get()
        return c if isinstance(c, TaskRunContext) else None


def get_run_context():
    c = _current.get()
    if c is None:
        from prefect.exceptions import MissingContextError
        raise MissingContextError("No run context available. You are not in a flow or task run context.")
    return c


class _RunLogger:
    """Prefect's run logger: lines are stored with the current Orion run."""

    def __init__(self, name):
        self.name = name

    def _log(self, level, msg, args):
        _o._bridge.log(level, str(msg) % args if args else str(msg))

    def debug(self, msg, *args, **kwargs):
        self._log("DEBUG", msg, args)

    def info(self, msg, *args, **kwargs):
        self._log("INFO", msg, args)

    def warning(self, msg, *args, **kwargs):
        self._log("WARN", msg, args)

    warn = warning

    def error(self, msg, *args, **kwargs):
        self._log("ERROR", msg, args)

    def critical(self, msg, *args, **kwargs):
        self._log("ERROR", msg, args)

    def exception(self, msg, *args, **kwargs):
        import traceback
        self._log("ERROR", str(msg) % args + "\n" + traceback.format_exc() if args else str(msg) + "\n"
                  + traceback.format_exc(), ())

    def log(self, level, msg, *args, **kwargs):
        self._log("ERROR" if level >= 40 else "WARN" if level >= 30 else "INFO" if level >= 20 else "DEBUG", msg, args)


def get_run_logger(context=None, **kwargs):
    c = context or _current.get()
    if c is None:
        from prefect.exceptions import MissingContextError
        raise MissingContextError("There is no active flow or task run context.")
    if isinstance(c, TaskRunContext):
        return _RunLogger("prefect.task_runs")
    return _RunLogger("prefect.flow_runs")


class tags:
    """`with tags("a", "b"):` adds the tags to every task and flow run created inside."""

    def __init__(self, *names):
        self.names = names
        self._token = None

    def __enter__(self):
        current = _tag_stack.get()
        self._token = _tag_stack.set(tuple(current) + tuple(n for n in self.names if n not in current))
        return set(_tag_stack.get())

    def __exit__(self, *exc):
        _tag_stack.reset(self._token)
        return False


def pause_flow_run(wait_for_input=None, flow_run_id=None, timeout=3600, poll_interval=10, reschedule=False,
                   key=None):
    if wait_for_input is not None:
        not_offered("pause_flow_run(wait_for_input=...)")
    if reschedule or flow_run_id is not None:
        not_offered("pause_flow_run(reschedule=..., flow_run_id=...)")
    scope = _scope()
    if scope is None or isinstance(_current.get(), TaskRunContext):
        raise RuntimeError("Flow runs can only be paused from within a flow run.")
    scope.pause(_Duration.ofMillis(int(_seconds(timeout) * 1000)))


def suspend_flow_run(*args, **kwargs):
    not_offered("suspend_flow_run", "use pause_flow_run(timeout=...)")


# ---- task runners -----------------------------------------------------------------------------

class BaseTaskRunner:
    _orion_name = None

    @property
    def name(self):
        return type(self).__name__.lower().replace("taskrunner", "")


class SequentialTaskRunner(BaseTaskRunner):
    _orion_name = "sequential"


class ConcurrentTaskRunner(BaseTaskRunner):
    _orion_name = "concurrent"


# ---- hooks and attempts -----------------------------------------------------------------------

def _attempt(run_id):
    with _lock:
        n = _attempts.get(run_id, 0) + 1
        _attempts[run_id] = n
    return n


def _call_hooks(hooks, owner, run, state):
    for hook in hooks or ():
        try:
            hook(owner, run, state)
        except Exception as e:  # Prefect logs a failing hook and goes on
            _o._bridge.log("ERROR", "An error was encountered while running hook %r: %r" % (
                getattr(hook, "__name__", hook), e))


def _check_hooks(kind, hooks):
    if hooks is None:
        return None
    if not isinstance(hooks, (list, tuple)):
        raise TypeError("Expected iterable for '%s'; got %s instead." % (kind, type(hooks).__name__))
    for h in hooks:
        if not callable(h):
            raise TypeError("Expected callables in '%s'; got %s instead." % (kind, type(h).__name__))
    return list(hooks)


def _result_options(owner, persist_result, result_storage, result_serializer, result_storage_key):
    if result_serializer is not None:
        kind = getattr(result_serializer, "type", result_serializer)
        if kind != "json":
            not_offered("result_serializer=%r" % (kind,), "Orion stores results as JSON; use 'json' or JSONSerializer()")
    if result_storage is not None:
        from prefect.filesystems import LocalFileSystem
        if not isinstance(result_storage, LocalFileSystem):
            not_offered("result_storage=%r" % (result_storage,), "use LocalFileSystem(basepath=...)")
    if result_storage_key is not None:
        not_offered("result_storage_key (%s)" % owner)
    return None if result_storage is None else result_storage


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


# ---- tasks ------------------------------------------------------------------------------------

_TASK_KEYS = ("name", "description", "tags", "version", "cache_key_fn", "cache_expiration", "task_run_name",
              "retries", "retry_delay_seconds", "retry_jitter_factor", "persist_result", "result_storage",
              "result_serializer", "result_storage_key", "cache_result_in_memory", "timeout_seconds", "log_prints",
              "refresh_cache", "on_completion", "on_failure", "retry_condition_fn", "viz_return_value")


class Task:
    """A Prefect task: every call, submit or map in a flow is an Orion task run."""

    def __init__(self, fn, name=None, description=None, tags=None, version=None, cache_key_fn=None,
                 cache_expiration=None, task_run_name=None, retries=None, retry_delay_seconds=None,
                 retry_jitter_factor=None, persist_result=None, result_storage=None, result_serializer=None,
                 result_storage_key=None, cache_result_in_memory=True, timeout_seconds=None, log_prints=False,
                 refresh_cache=None, on_completion=None, on_failure=None, retry_condition_fn=None,
                 viz_return_value=None):
        if not callable(fn):
            raise TypeError("'fn' must be callable")
        if retry_condition_fn is not None:
            not_offered("retry_condition_fn (task %r)" % (name or fn.__name__),
                        "Orion's orchestrator decides retries from retries= alone")
        if refresh_cache:
            not_offered("refresh_cache=True (task %r)" % (name or fn.__name__))
        self._settings = {k: v for k, v in locals().items() if k in _TASK_KEYS}
        self.fn = fn
        self.isasync = inspect.iscoroutinefunction(fn)
        self.name = name or fn.__name__
        self.description = description or inspect.getdoc(fn)
        self.tags = set(tags or ())
        self.version = version
        self.retries = retries or 0
        self.retry_delay_seconds = retry_delay_seconds
        self.timeout_seconds = timeout_seconds
        self.cache_key_fn = cache_key_fn
        self.cache_expiration = cache_expiration
        self.task_run_name = task_run_name
        self.log_prints = log_prints
        self.on_completion = _check_hooks("on_completion", on_completion)
        self.on_failure = _check_hooks("on_failure", on_failure)
        self.task_key = "%s.%s" % (getattr(fn, "__module__", "") or "", getattr(fn, "__qualname__", self.name))
        self._signature = inspect.signature(fn)
        self._variants = {}
        _result_options("task %r" % self.name, persist_result, result_storage, result_serializer, result_storage_key)
        functools.update_wrapper(self, fn)
        self._define()

    def _define(self):
        params = _o._params(self.fn)
        names = [p["name"] for p in params]
        s = self._settings
        delays = s["retry_delay_seconds"]
        if callable(delays):
            delays = delays(self.retries)
        opts = {"description": self.description, "version": self.version, "retries": self.retries,
                "retry_delay_seconds": _seconds(delays) if delays is not None else 0,
                "retry_jitter_factor": s["retry_jitter_factor"], "timeout_seconds": _seconds(self.timeout_seconds),
                "tags": sorted(self.tags), "cache_expiration": _seconds(self.cache_expiration),
                "persist_result": s["persist_result"]}
        opts = {k: v for k, v in opts.items() if v is not None}
        key_fn = None
        if self.cache_key_fn is not None:
            user_key = self.cache_key_fn

            def key_fn(*args):
                ctx = TaskRunContext(self, None, dict(zip(names, args)), None)
                return user_key(ctx, dict(zip(names, args)))
        self._names = names
        self._key = _unique(self.name)
        self._orion = _o._bridge.defineTask(self._key, opts, self._body, params, key_fn)

    def _body(self, *args):
        scope = _scope()
        run_id = str(scope.taskRunId().get())
        attempt = _attempt(run_id)
        parameters = dict(zip(self._names, args))
        run = _TaskRun(run_id, _render(self.task_run_name, parameters) or "%s-%s" % (self.name, run_id[:8]),
                       str(scope.flowRunId()), sorted(self.tags), attempt, parameters)
        ctx = TaskRunContext(self, run, parameters, _flow_contexts.get(str(scope.flowRunId())))
        if self.isasync:
            async def run_async():
                token = _current.set(ctx)
                try:
                    return self._finish(ctx, attempt, await self.fn(*args), None)
                except Exception as e:
                    self._finish(ctx, attempt, None, e)
                    raise
                finally:
                    _current.reset(token)
            return run_async()
        token = _current.set(ctx)
        try:
            value = self.fn(*args)
        except Exception as e:
            self._finish(ctx, attempt, None, e)
            raise
        finally:
            _current.reset(token)
        return self._finish(ctx, attempt, value, None)

    def _finish(self, ctx, attempt, value, error):
        if error is not None:
            _errors[ctx.task_run.id] = error
            if attempt > self.retries:
                _call_task_hooks(self.on_failure, self, ctx.task_run,
                                 State(StateType.FAILED, message="Task run encountered an exception %s: %s"
                                       % (type(error).__name__, error), _error=error))
            return None
        state = _final_state(value)
        if state.is_completed():
            _call_task_hooks(self.on_completion, self, ctx.task_run, state)
        elif attempt > self.retries:
            _call_task_hooks(self.on_failure, self, ctx.task_run, state)
        return _end(state)

    # ---- calling ------------------------------------------------------------------------------

    def _variant(self):
        extra = _tag_stack.get()
        if not extra or set(extra) <= self.tags:
            return self
        key = tuple(sorted(set(extra) | self.tags))
        if key not in self._variants:
            self._variants[key] = self.with_options(tags=list(key))
        return self._variants[key]

    def _bound(self, args, kwargs):
        bound = self._signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return [bound.arguments[n] for n in self._names]

    def _flow_context(self, what):
        scope = _scope()
        if scope is None:
            raise RuntimeError("Tasks cannot be run outside of a flow. To call the underlying task function "
                               "outside of a flow use `task.fn()`.")
        return _flow_contexts.get(str(scope.flowRunId()))

    def _start(self, values, wait_for):
        target = self._variant()
        host = target._orion
        plain = []
        for w in wait_for or ():
            if isinstance(w, allow_failure):
                inner = w.value
                if isinstance(inner, PrefectFuture):
                    inner.wait()
            elif isinstance(w, PrefectFuture):
                plain.append(w.__orion_future__)
        if plain:
            host = _o._bridge.waitFor(host, plain)
        return _o.Future(_o._bridge.submit(host, _resolve_args(values)))

    def _asynchronous(self, ctx):
        return self.isasync and ctx is not None and ctx.flow.isasync

    def __call__(self, *args, return_state=False, wait_for=None, **kwargs):
        ctx = self._flow_context("call")
        values = self._bound(args, kwargs)
        if self._asynchronous(ctx):
            async def call_async():
                future = PrefectFuture(self._start(values, wait_for), self, False)
                state = await _await_blocking(future._state)
                return self._returned(ctx, state, return_state)
            return call_async()
        state = PrefectFuture(self._start(values, wait_for), self, False)._state()
        return self._returned(ctx, state, return_state)

    def _returned(self, ctx, state, return_state):
        if ctx is not None:
            ctx._states.append(state)
        return state if return_state else state.result()

    def submit(self, *args, return_state=False, wait_for=None, **kwargs):
        ctx = self._flow_context("submit")
        values = self._bound(args, kwargs)
        asynchronous = self._asynchronous(ctx)

        def start():
            future = PrefectFuture(self._start(values, wait_for), self, asynchronous)
            if ctx is not None:
                ctx._futures.append(future)
            return future._state() if return_state else future
        if asynchronous:
            async def submit_async():
                return start() if not return_state else await _await_blocking(start)
            return submit_async()
        return start()

    def map(self, *args, return_state=False, wait_for=None, **kwargs):
        ctx = self._flow_context("map")
        arguments = self._signature.bind_partial(*args, **kwargs).arguments
        mapped = {}
        for k, v in arguments.items():
            if isinstance(v, PrefectFuture):
                v = v.result()
            if isinstance(v, (unmapped, allow_failure, quote)) or not _o._iterable(v):
                continue
            mapped[k] = list(v)
        if not mapped:
            raise ValueError("No iterable parameters were received. Parameters for map must include at least "
                             "one iterable. Parameters: %s" % dict(arguments))
        lengths = {len(v) for v in mapped.values()}
        if len(lengths) > 1:
            from prefect.exceptions import MappingLengthMismatch
            raise MappingLengthMismatch("Received iterable parameters with different lengths. Parameters for map "
                                        "must all be the same length. Got lengths: %s" % {k: len(v) for k, v in mapped.items()})
        n = lengths.pop()
        asynchronous = self._asynchronous(ctx)

        def start():
            out = []
            for i in range(n):
                call = {}
                for k, v in arguments.items():
                    call[k] = mapped[k][i] if k in mapped else v.value if isinstance(v, unmapped) else v
                future = PrefectFuture(self._start(self._bound((), call), wait_for), self, asynchronous)
                if ctx is not None:
                    ctx._futures.append(future)
                out.append(future._state() if return_state else future)
            return out
        if asynchronous:
            async def map_async():
                return start()
            return map_async()
        return start()

    def with_options(self, **options):
        unknown = set(options) - set(_TASK_KEYS)
        if unknown:
            raise TypeError("with_options() got unexpected keyword argument(s) %s" % ", ".join(sorted(unknown)))
        settings = dict(self._settings)
        settings.update(options)
        return Task(self.fn, **settings)

    def __get__(self, instance, owner):
        return self if instance is None else functools.partial(self, instance)

    def __repr__(self):
        return "Task(name=%r)" % self.name


def _call_task_hooks(hooks, task, task_run, state):
    for hook in hooks or ():
        try:
            hook(task=task, task_run=task_run, state=state)
        except Exception as e:
            _o._bridge.log("ERROR", "An error was encountered while running hook %r: %r" % (
                getattr(hook, "__name__", hook), e))


def task(__fn=None, **kwargs):
    """@task or @task(name=..., retries=..., ...), as in Prefect 2."""
    if __fn is not None:
        return Task(__fn, **kwargs)
    return lambda fn: Task(fn, **kwargs)


# ---- flows ------------------------------------------------------------------------------------

_flow_contexts = {}   # flow run id -> its FlowRunContext
_flow_errors = {}     # "Type: message" -> the exception a flow body raised (a subflow's, to raise in its parent)


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
        run = _FlowRun(run_id, _render(self.flow_run_name, parameters), parameters, self.name,
                       sorted(_tag_stack.get()), attempt)
        ctx = FlowRunContext(self, run, self.task_runner)
        ctx._futures = []
        ctx._states = []
        _flow_contexts[run_id] = ctx
        if self.isasync:
            async def run_async():
                token = _current.set(ctx)
                try:
                    return self._finish(ctx, attempt, await self.fn(*args), None)
                except BaseException as e:
                    self._finish(ctx, attempt, None, e)
                    raise
                finally:
                    _current.reset(token)
            return run_async()
        token = _current.set(ctx)
        try:
            value = self.fn(*args)
        except BaseException as e:
            self._finish(ctx, attempt, None, e)
            raise
        finally:
            _current.reset(token)
        return self._finish(ctx, attempt, value, None)

    def _finish(self, ctx, attempt, value, error):
        if isinstance(error, asyncio.CancelledError):
            _call_flow_hooks(self.on_cancellation, self, ctx.flow_run,
                             State(StateType.CANCELLED, message="Flow run was cancelled.", _error=error))
            return None
        if error is not None and not isinstance(error, Exception):
            _call_flow_hooks(self.on_crashed, self, ctx.flow_run,
                             State(StateType.CRASHED, message="Flow run crashed: %r" % (error,), _error=error))
            return None
        if error is not None:
            with _lock:
                _flow_errors["%s: %s" % (type(error).__name__, error)] = error
            if attempt > self.retries:
                _call_flow_hooks(self.on_failure, self, ctx.flow_run,
                                 State(StateType.FAILED, message="Flow run encountered an exception. %s: %s"
                                       % (type(error).__name__, error), _error=error))
            return None
        state = _flow_state(value, ctx)
        if state.is_completed():
            _call_flow_hooks(self.on_completion, self, ctx.flow_run, state)
        elif attempt > self.retries:
            _call_flow_hooks(self.on_failure, self, ctx.flow_run, state)
        return _end(state)

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


def _call_flow_hooks(hooks, flow, flow_run, state):
    for hook in hooks or ():
        try:
            hook(flow=flow, flow_run=flow_run, state=state)
        except Exception as e:
            _o._bridge.log("ERROR", "An error was encountered while running hook %r: %r" % (
                getattr(hook, "__name__", hook), e))


def flow(__fn=None, **kwargs):
    """@flow or @flow(name=..., retries=..., task_runner=..., ...), as in Prefect 2."""
    if __fn is not None:
        return Flow(__fn, **kwargs)
    return lambda fn: Flow(fn, **kwargs)
