# prefect.engine: pausing a flow run.
from prefect._engine import pause_flow_run, suspend_flow_run


def resume_flow_run(*args, **kwargs):
    from prefect._engine import not_offered
    not_offered("prefect.engine.resume_flow_run", "resume with `orion flow-run resume ID`")
