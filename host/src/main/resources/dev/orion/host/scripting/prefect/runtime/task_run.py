# prefect.runtime.task_run: id, name, parameters, ... of the current task run.
from prefect._engine import TaskRunContext


def __getattr__(name):
    ctx = TaskRunContext.get()
    run = ctx.task_run if ctx is not None else None
    if name in ("id", "name", "tags", "run_count", "parameters"):
        if run is None:
            return {} if name == "parameters" else [] if name == "tags" else 0 if name == "run_count" else None
        return getattr(run, name)
    if name == "task_name":
        return ctx.task.name if ctx else None
    raise AttributeError("module 'prefect.runtime.task_run' has no attribute '%s'" % name)
