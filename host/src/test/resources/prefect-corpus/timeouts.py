# Task and flow timeouts: a slow task times out (Failed, TimedOut); a slow flow fails.
# entry: task_timeout {}
# entry: flow_timeout {}
import time

from prefect import flow, task


@task(timeout_seconds=0.5)
def slow() -> int:
    time.sleep(5)
    return 1


@task
def quick() -> int:
    return 2


@flow
def task_timeout() -> dict:
    state = slow(return_state=True)
    return {"failed": state.is_failed(), "name": state.name, "quick": quick()}


@flow(timeout_seconds=0.5)
def flow_timeout() -> int:
    time.sleep(5)
    return 1
