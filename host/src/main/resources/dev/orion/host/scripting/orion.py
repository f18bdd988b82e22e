# Orion's Python API: the `orion` module every Python script of a flow can import.
#   from orion import flow, task
#   @task(retries=2, tags=["cpu"])
#   def square(x: int) -> int: return x * x
# Kept light on imports: GraalPy interprets them at every start (no inspect, no asyncio unless used).
import json as _json

_bridge = None
_TYPES = {int: "int", float: "float", str: "str", bool: "bool", list: "list", dict: "dict", tuple: "list"}


def _decode(encoded):
    return None if encoded is None else _json.loads(encoded)


def _seconds(value):
    if value is None:
        return None
    if hasattr(value, "total_seconds"):
        return value.total_seconds()
    if isinstance(value, (list, tuple)):
        return [_seconds(v) for v in value]
    return value


def _params(fn):
    code = fn.__code__
    names = code.co_varnames[:code.co_argcount]
    defaults = fn.__defaults__ or ()
    first_default = len(names) - len(defaults)
    annotations = getattr(fn, "__annotations__", None) or {}
    params = []
    for i, name in enumerate(names):
        ann = annotations.get(name)
        type_name = _TYPES.get(ann) if ann is not None else None
        if type_name is None and isinstance(ann, str):
            type_name = ann
        if type_name is None and getattr(ann, "__origin__", None) in _TYPES:
            type_name = _TYPES[ann.__origin__]
        has_default = i >= first_default
        default = defaults[i - first_default] if has_default else None
        if type_name is None and has_default and default is not None:
            type_name = _TYPES.get(type(default))
        params.append({"name": name, "type": type_name, "hasDefault": has_default, "default": default})
    return params


def _bind(name, params, args, kwargs):
    if len(args) > len(params):
        raise TypeError("%s() takes %d argument(s) but %d were given" % (name, len(params), len(args)))
    values = list(args)
    for p in params[len(args):]:
        if p["name"] in kwargs:
            values.append(kwargs.pop(p["name"]))
        elif p.get("hasDefault", True):
            values.append(p.get("default"))
        else:
            raise TypeError("%s() missing argument '%s'" % (name, p["name"]))
    if kwargs:
        raise TypeError("%s() got unexpected argument(s) %s" % (name, ", ".join(kwargs)))
    return values


def _wrap(target, fn):
    if fn is not None:
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            if hasattr(fn, attr):
                setattr(target, attr, getattr(fn, attr))


def _options(kwargs):
    opts = {}
    for key, value in kwargs.items():
        if key in ("retry_delay_seconds", "timeout_seconds", "cache_expiration", "timeout", "retry_delay"):
            value = _seconds(value)
        opts[key] = value
    return opts


class State:
    """A run's state: type (COMPLETED, FAILED, ...), name and message."""

    def __init__(self, data):
        self.type = data.get("type")
        self.name = data.get("name")
        self.message = data.get("message")

    def is_completed(self):
        return self.type == "COMPLETED"

    def is_failed(self):
        return self.type in ("FAILED", "CRASHED")

    def __repr__(self):
        return "State(%s, %r)" % (self.name, self.message)


class Future:
    """A submitted task run."""

    def __init__(self, host_future):
        self.__orion_future__ = host_future

    @property
    def id(self):
        return str(self.__orion_future__.taskRunId())

    def result(self, timeout=None):
        return _decode(_bridge.result(self.__orion_future__, -1 if timeout is None else _seconds(timeout)))

    def wait(self, timeout=None):
        data = _decode(_bridge.waitState(self.__orion_future__, -1 if timeout is None else _seconds(timeout)))
        return None if data is None else State(data)

    @property
    def state(self):
        return State(_decode(_bridge.state(self.__orion_future__)))

    def get_state(self):
        return self.state


class unmapped:
    """Marks an argument of Task.map as passed whole to every run."""

    def __init__(self, value):
        self.__orion_unmapped__ = True
        self.value = value


class Task:
    def __init__(self, host_task, fn, params):
        self.__orion_task__ = host_task
        self.fn = fn
        self.name = str(host_task.name())
        self._params = params
        _wrap(self, fn)

    def _args(self, args, kwargs):
        return _bind(self.name, self._params, args, dict(kwargs))

    def __call__(self, *args, **kwargs):
        return _decode(_bridge.call(self.__orion_task__, self._args(args, kwargs)))

    def submit(self, *args, wait_for=None, **kwargs):
        task = self.__orion_task__ if not wait_for else _bridge.waitFor(self.__orion_task__, list(wait_for))
        return Future(_bridge.submit(task, self._args(args, kwargs)))

    def map(self, *args, wait_for=None):
        task = self.__orion_task__ if not wait_for else _bridge.waitFor(self.__orion_task__, list(wait_for))
        return [Future(f) for f in _bridge.map(task, [a if isinstance(a, unmapped) else list(a) if _iterable(a) else a for a in args])]

    def wait_for(self, *futures):
        return Task(_bridge.waitFor(self.__orion_task__, list(futures)), self.fn, self._params)


def _iterable(value):
    return not isinstance(value, (str, bytes, dict)) and hasattr(value, "__iter__")


class Flow:
    def __init__(self, host_flow, fn, params):
        self.__orion_flow__ = host_flow
        self.fn = fn
        self.name = str(host_flow.name())
        self._params = params
        _wrap(self, fn)

    def __call__(self, *args, **kwargs):
        values = _bind(self.name, self._params, args, dict(kwargs))
        return _decode(_bridge.callFlow(self.__orion_flow__, values))


def task(fn=None, **kwargs):
    """@task or @task(name=..., retries=..., retry_delay_seconds=..., tags=[...], cache_key_fn=..., ...)."""
    def define(f):
        params = _params(f)
        name = kwargs.get("name") or f.__name__
        host = _bridge.defineTask(name, _options(kwargs), f, params, kwargs.get("cache_key_fn"))
        return Task(host, f, params)
    return define(fn) if fn is not None else define


def flow(fn=None, **kwargs):
    """@flow or @flow(name=..., retries=..., timeout_seconds=..., task_runner="sequential", ...)."""
    def define(f):
        params = _params(f)
        name = kwargs.get("name") or f.__name__.replace("_", "-")
        host = _bridge.defineFlow(name, _options(kwargs), f, params)
        return Flow(host, f, params)
    return define(fn) if fn is not None else define


def wait_for(*futures):
    """Waits for every future to reach a final state; returns their states."""
    return [f.wait() for f in futures]


class _Logger:
    def debug(self, msg, *args):
        _bridge.log("DEBUG", str(msg) % args if args else str(msg))

    def info(self, msg, *args):
        _bridge.log("INFO", str(msg) % args if args else str(msg))

    def warning(self, msg, *args):
        _bridge.log("WARN", str(msg) % args if args else str(msg))

    warn = warning

    def error(self, msg, *args):
        _bridge.log("ERROR", str(msg) % args if args else str(msg))


_logger = _Logger()


def get_run_logger():
    """A logger whose lines are stored with the current flow run or task run."""
    return _logger


def log(*args):
    _bridge.log("INFO", " ".join(str(a) for a in args))


class _Variables:
    """Variables set outside the flow (orion variable set NAME VALUE), as Prefect's prefect.variables."""

    def get(self, name, default=None):
        value = _bridge.variable(str(name))
        return default if value is None else str(value)


variables = _Variables()


class concurrency:
    """Holds slots of a global concurrency limit while the block runs: with concurrency("db", occupy=1): ..."""

    def __init__(self, name, occupy=1):
        self._name = str(name)
        self._occupy = int(occupy)
        self._held = None

    def __enter__(self):
        self._held = _bridge.occupy(self._name, self._occupy)
        return self

    def __exit__(self, *exc):
        self._held.close()
        return False


def rate_limit(name, occupy=1):
    """Waits for a slot of a rate limit (a limit with slot decay)."""
    _bridge.rateLimit(str(name), int(occupy))


def _opt(value):
    return None if value is None else str(value)


def create_markdown_artifact(markdown, key=None, description=None):
    """A markdown artifact of the run, as Prefect's prefect.artifacts.create_markdown_artifact; answers its id."""
    return str(_bridge.markdownArtifact(str(markdown), _opt(key), _opt(description)))


def create_table_artifact(table, key=None, description=None):
    """A table artifact: a list of dicts or of lists, or a dict of columns; answers its id."""
    return str(_bridge.tableArtifact(table, _opt(key), _opt(description)))


def create_link_artifact(link, link_text=None, key=None, description=None):
    """A link artifact, shown as [link_text](link); answers its id."""
    return str(_bridge.linkArtifact(str(link), _opt(link_text), _opt(key), _opt(description)))


def secret(name):
    """A secret's value (orion secret set NAME); masked in the run's logs and results from then on."""
    return str(_bridge.secret(str(name)))


class _Script:
    pass


def import_script(path):
    """The tasks and flows of another script (any language Orion runs), as attributes by name."""
    module = _bridge.importScript(path)
    out = _Script()
    for t in module.tasks:
        setattr(out, str(t.task.name()), Task(t.task, None, _foreign_params(t.params)))
    for f in module.flows:
        setattr(out, str(f.flow.name()).replace("-", "_"), Flow(f.flow, None, _foreign_params(f.params)))
    return out


def _foreign_params(params):
    return [{"name": str(p.name), "hasDefault": bool(p.hasDefault), "default": p.default} for p in params]


def _invoke(fn, args):
    result = fn(*args)
    if type(result).__name__ == "coroutine":
        import asyncio
        result = asyncio.run(result)
    return result


def _install(bridge):
    global _bridge
    _bridge = bridge
