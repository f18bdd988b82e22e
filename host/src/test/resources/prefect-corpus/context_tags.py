# tags() as a context manager, task tags, and prefect.context.get_run_context().
# entry: tagged_flow {"limit": 5}
from prefect import flow, tags, task
from prefect.context import get_run_context


@task(tags=["db"])
def query(n: int) -> dict:
    ctx = get_run_context()
    return {"tags": sorted(ctx.task_run.tags), "n": n, "task": ctx.task.name}


@flow
def tagged_flow(limit: int = 1) -> dict:
    ctx = get_run_context()
    with tags("nightly", "etl"):
        inside = query(limit)
    outside = query(1)
    return {"flow": ctx.flow.name, "params": dict(ctx.flow_run.parameters), "inside": inside, "outside": outside}
