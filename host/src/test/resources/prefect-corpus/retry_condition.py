# retry_condition_fn: called with (task, task_run, state) after each failure; False means no retry.
# entry: conditional_flow {}
from prefect import flow, task

attempts = {"picky": 0, "persistent": 0, "broken": 0}
seen = []


def only_value_errors(task, task_run, state):
    seen.append([task.name, task_run.run_count, state.is_failed()])
    return "ValueError" in state.message


def condition_that_fails(task, task_run, state):
    raise RuntimeError("a broken condition means no retry")


def failure_hook(task, task_run, state):
    seen.append(["on_failure", task.name, state.is_failed()])


@task(retries=3, retry_condition_fn=only_value_errors, on_failure=[failure_hook])
def picky():
    attempts["picky"] += 1
    raise KeyError("not worth retrying")


@task(retries=2, retry_delay_seconds=0, retry_condition_fn=only_value_errors)
def persistent() -> int:
    attempts["persistent"] += 1
    if attempts["persistent"] < 3:
        raise ValueError("again")
    return attempts["persistent"]


@task(retries=2, retry_condition_fn=condition_that_fails)
def broken():
    attempts["broken"] += 1
    raise ValueError("fails once")


@flow
def conditional_flow() -> dict:
    picked = picky(return_state=True)
    value = persistent()
    broke = broken(return_state=True)
    return {"attempts": attempts, "picky": picked.name, "broken": broke.name, "value": value, "seen": seen}
