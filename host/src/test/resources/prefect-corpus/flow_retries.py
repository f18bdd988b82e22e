# Flow retries: the flow fails its first run and completes on its retry; a task with no retries fails for good.
# entry: retried_flow {}
# entry: out_of_retries {}
from prefect import flow, task

runs = {"retried": 0}


@task
def always_fails():
    raise ValueError("no luck")


@flow(retries=1, retry_delay_seconds=0)
def retried_flow() -> int:
    runs["retried"] += 1
    if runs["retried"] == 1:
        raise RuntimeError("first run fails")
    return runs["retried"]


@flow(retries=1, retry_delay_seconds=0)
def out_of_retries():
    always_fails()
