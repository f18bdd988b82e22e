# Prefect's Task on Orion's engine: every call, submit or map in a flow is an Orion task run.
import functools
import inspect

import orion as _o
from prefect._engine import (PrefectFuture, TaskRunContext, _TaskRun, _attempt, _await_blocking, _call_hooks,
                             _check_hooks, _end, _errors, _final_state, _flow_contexts, _raised_state,
                             _resolve_args, _retriable, _result_options, _route_prints, _run_body, _scope, _seconds,
                             _tag_stack, _unique, allow_failure, not_offered, quote, unmapped)


_TASK_KEYS = ("name", "description", "tags", "version", "cache_key_fn", "cache_expiration", "task_run_name",
              "retries", "retry_delay_seconds", "retry_jitter_factor", "persist_result", "result_storage",
              "result_serializer", "result_storage_key", "cache_result_in_memory", "timeout_seconds", "log_prints",
              "refresh_cache", "on_completion", "on_failure", "retry_condition_fn", "viz_return_value")


class Task:
    """A Prefect task: every call, submit or map in a flow is an Orion task run."""

    def __init__(self, fn, name=None, description=None, tags=None, version=None, cache_key_fn=None,
                 cache_expiration=None, task_run_name=None, retries=None, retry_delay_seconds=None,
                 retry_jitter_factor=None, persist_result=None, result_storage=None, result_serializer=None,
                 result_storage_key=None, cache_result_in_memory=True, timeout_seconds=None, log_prints=None,
                 refresh_cache=None, on_completion=None, on_failure=None, retry_condition_fn=None,
                 viz_return_value=None):
        if not callable(fn):
            raise TypeError("'fn' must be callable")
        if retry_condition_fn is not None and not callable(retry_condition_fn):
            raise TypeError("Expected `retry_condition_fn` to be callable, got %s instead."
                            % type(retry_condition_fn).__name__)
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
        _route_prints()
        self.retry_condition_fn = retry_condition_fn
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
                "persist_result": s["persist_result"], "refresh_cache": bool(s["refresh_cache"])}
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
        run = _TaskRun(run_id, str(scope.flowRunId()), sorted(self.tags), attempt, parameters)
        ctx = TaskRunContext(self, run, parameters, _flow_contexts.get(str(scope.flowRunId())))
        run._rename(self.task_run_name, parameters)
        return _run_body(ctx, self.fn, args, self.isasync,
                         lambda value, error: self._finish(ctx, attempt, value, error))

    def _finish(self, ctx, attempt, value, error):
        """Prefect's end of a task attempt: a failure asks retry_condition_fn, then the hooks of a final state."""
        if error is not None:
            _errors[ctx.task_run.id] = error
            if not isinstance(error, Exception):
                return None  # the task run crashed: Prefect runs no task hook
            state = _raised_state("Task", error)
        else:
            state = _final_state(value)
        hooks = dict(task=self, task_run=ctx.task_run, state=state)
        if state.is_completed():
            _call_hooks(self.on_completion, **hooks)
        elif state.is_failed():
            final = not _retriable(**hooks)
            if final:
                _o._bridge.failWithoutRetry()
            if final or attempt > self.retries:
                _call_hooks(self.on_failure, **hooks)
        return None if error is not None else _end(state)

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


def task(__fn=None, **kwargs):
    """@task or @task(name=..., retries=..., ...), as in Prefect 2."""
    if __fn is not None:
        return Task(__fn, **kwargs)
    return lambda fn: Task(fn, **kwargs)
