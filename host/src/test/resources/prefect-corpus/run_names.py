# flow_run_name and task_run_name templates, read back through prefect.runtime.
# entry: named_flow {"region": "eu"}
from prefect import flow, runtime, task


@task(task_run_name="load-{table}")
def load(table: str) -> dict:
    return {"task_run": runtime.task_run.name, "params": runtime.task_run.parameters}


@flow(flow_run_name="etl-{region}")
def named_flow(region: str = "us") -> dict:
    return {"flow_run": runtime.flow_run.name, "params": runtime.flow_run.parameters,
            "has_id": runtime.flow_run.id is not None, "load": load("users")}
