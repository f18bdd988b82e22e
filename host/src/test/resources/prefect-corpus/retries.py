# Task retries with a list of delays: the task fails twice and then succeeds.
# entry: flaky_flow {}
from prefect import flow, task

attempts = {"n": 0}


@task(retries=3, retry_delay_seconds=[0.1, 0.2, 0.3])
def flaky() -> int:
    attempts["n"] += 1
    if attempts["n"] < 3:
        raise RuntimeError("not yet (attempt %d)" % attempts["n"])
    return attempts["n"]


@flow
def flaky_flow() -> dict:
    state = flaky(return_state=True)
    return {"attempts": state.result(fetch=True), "final": state.name}
