# prefect.runtime.flow_run: id, name, parameters, ... of the current flow run.
from prefect._engine import _current, _flow_contexts, _scope, FlowRunContext


def _ctx():
    scope = _scope()
    return None if scope is None else _flow_contexts.get(str(scope.flowRunId()))


def __getattr__(name):
    ctx = _ctx()
    run = ctx.flow_run if ctx is not None else None
    if name == "id":
        return run.id if run else None
    if name == "name":
        return run.name if run else None
    if name == "parameters":
        return dict(run.parameters) if run else {}
    if name == "flow_name":
        return run.flow_name if run else None
    if name == "tags":
        return list(run.tags) if run else []
    if name == "run_count":
        return run.run_count if run else 0
    if name in ("scheduled_start_time", "parent_flow_run_id", "parent_deployment_id", "ui_url", "job_variables"):
        from prefect._engine import not_offered
        not_offered("prefect.runtime.flow_run.%s" % name)
    raise AttributeError("module 'prefect.runtime.flow_run' has no attribute '%s'" % name)
