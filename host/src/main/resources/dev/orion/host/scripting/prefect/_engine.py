# Prefect 2's flow-authoring API on Orion's engine: every flow and task call is an Orion run,
# proposed to Orion's orchestrator through the `orion` module's bridge (one engine, two APIs).
# Results cross between runs as JSON values, as in the `orion` module. This module holds what
# tasks (_tasks) and flows (_flows) share: states, futures, run contexts, hooks, registries.
import asyncio
import contextvars
import datetime
import functools
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


def sync_compatible(value):
    """A value answered as Prefect's sync_compatible functions answer: awaitable in an async flow or
    task (where Prefect's must be awaited), the value itself elsewhere."""
    if _in_loop():
        async def _answered():
            return value
        return _answered()
    return value


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

    def is_cancelling(self):
        return self.type == StateType.CANCELLING

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


async def await_in_run(fn, *args):
    """Runs a blocking call that needs the current run (a wait for a global limit's slot) on another
    thread, in the run's scope, so the flow's other coroutines go on meanwhile."""
    scope = _scope()
    call = functools.partial(fn, *args)
    return await _await_blocking(lambda: call() if scope is None else _RunScopes.callIn(scope, call))


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

class _Run:
    """A run as Prefect's hooks and context show it; its name is Orion's unless a template renamed it."""
    _name = None

    @property
    def name(self):
        if self._name is None:
            self._name = str(_o._bridge.runName())
        return self._name

    def _rename(self, template, parameters):
        """Renders a flow_run_name / task_run_name template (a str or a callable) and renames the Orion run."""
        if template is None:
            return
        self._name = template() if callable(template) else template.format(**parameters)
        if self.run_count == 1:
            _o._bridge.rename(self._name)


class _FlowRun(_Run):
    def __init__(self, id, parameters, flow_name, tags, run_count):
        self.id = id
        self.parameters = parameters
        self.flow_name = flow_name
        self.tags = tags
        self.run_count = run_count


class _TaskRun(_Run):
    def __init__(self, id, flow_run_id, tags, run_count, parameters):
        self.id = id
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


class _PrintRouter:
    """sys.stdout once the prefect module is used: as in Prefect, a run's prints go to its log when its
    log_prints says so (a task's own setting, else its flow's), and to the terminal otherwise."""

    def __init__(self, stream):
        import concurrent.futures
        self._stream = stream
        self._pending = threading.local()
        # Its own thread: the awaiting pool may be full of waits on the very task runs that print.
        self._printer = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="prefect-print")

    def write(self, text):
        ctx = _current.get()
        if ctx is None:
            return self._stream.write(text)
        if not _logs_prints(ctx):  # from a thread outside the run, which Orion would log in
            return self._printer.submit(self._stream.write, text).result()
        lines = (getattr(self._pending, "text", "") + text).split("\n")
        self._pending.text = lines.pop()
        for line in lines:
            _o._bridge.log("INFO", line)
        return len(text)

    def flush(self):
        self._stream.flush()

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _logs_prints(ctx):
    if isinstance(ctx, TaskRunContext):
        if ctx.task.log_prints is not None:
            return bool(ctx.task.log_prints)
        ctx = ctx.parent
    return ctx is not None and bool(ctx.flow.log_prints)


def _route_prints():
    import sys
    with _lock:
        if not isinstance(sys.stdout, _PrintRouter):
            sys.stdout = _PrintRouter(sys.stdout)


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


def _call_user(fn, **arguments):
    """Calls a hook or retry condition with Prefect's keyword arguments; an async one is run to its end."""
    value = fn(**arguments)
    if not inspect.isawaitable(value):
        return value

    async def wait():
        return await value
    if not _in_loop():
        return asyncio.run(wait())
    scope = _scope()  # the caller's loop is busy running this body: a fresh loop in another thread
    return _executor().submit(lambda: _RunScopes.callIn(scope, lambda: asyncio.run(wait()))).result()


def _call_hooks(hooks, **arguments):
    """Calls state hooks with Prefect's keyword arguments; a failing hook is logged, as in Prefect."""
    for hook in hooks or ():
        name = getattr(hook, "__name__", repr(hook))
        _o._bridge.log("INFO", "Running hook %r in response to entering state %r" % (name, arguments["state"].name))
        try:
            _call_user(hook, **arguments)
        except Exception as e:
            _o._bridge.log("ERROR", "An error was encountered while running hook %r: %r" % (name, e))
        else:
            _o._bridge.log("INFO", "Hook %r finished running successfully" % name)


def _retriable(task, task_run, state):
    """Prefect's _check_task_failure_retriable: the task's retry_condition_fn decides; an error in it means no."""
    if task.retry_condition_fn is None:
        return True
    try:
        return bool(_call_user(task.retry_condition_fn, task=task, task_run=task_run, state=state))
    except Exception as e:
        _o._bridge.log("ERROR", "An error was encountered while running `retry_condition_fn` check %r for task "
                       "%r: %r" % (task.retry_condition_fn, task.name, e))
        return False


def _raised_state(kind, error):
    """Prefect's Failed state for an exception: 'Task run encountered an exception ValueError: bad'."""
    return State(StateType.FAILED, message="%s run encountered an exception%s %s: %s"
                 % (kind, "." if kind == "Flow" else "", type(error).__name__, error), _error=error)


def _run_body(ctx, fn, args, isasync, finish):
    """Runs a flow or task body in its run context; finish(value, error) gives what Orion gets."""
    def failed(error):
        finish(None, error)
        raise error

    if isasync:
        async def run_async():
            token = _current.set(ctx)
            try:
                try:
                    value = await fn(*args)
                except BaseException as e:
                    failed(e)
                return finish(value, None)
            finally:
                _current.reset(token)
        return run_async()
    token = _current.set(ctx)
    try:
        try:
            value = fn(*args)
        except BaseException as e:
            failed(e)
        return finish(value, None)
    finally:
        _current.reset(token)


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


_flow_contexts = {}   # flow run id -> its FlowRunContext
_flow_errors = {}     # "Type: message" -> the exception a flow body raised (a subflow's, to raise in its parent)
