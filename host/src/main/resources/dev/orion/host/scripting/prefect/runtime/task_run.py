# prefect.runtime.task_run: id, name, parameters, ... of the current task run.
from prefect._engine import TaskRunContext


def __getattr__(name):
    ctx = TaskRunContext.get()
    run = ctx.task_run if ctx is not None else None
    if name in ("id", "name", "tags", "run_count", "parameters"):
        if run is None:
            return {} if name == "parameters" else [] if name == "tags" else 0 if name == "run_count" else None
        if name == "name" and ctx.task.task_run_name is None:
            from prefect._engine import not_offered
            not_offered("prefect.runtime.task_run.name without task_run_name=",
                        "Orion names runs itself; give the task a task_run_name template")
        return getattr(run, name)
    if name == "task_name":
        return ctx.task.name if ctx else None
    raise AttributeError("module 'prefect.runtime.task_run' has no attribute '%s'" % name)
