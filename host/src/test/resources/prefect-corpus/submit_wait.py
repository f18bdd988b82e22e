# submit, wait_for ordering and allow_failure: a task that must run after a failed one.
# entry: ordered_flow {}
from prefect import allow_failure, flow, task

order = []


@task
def first() -> str:
    order.append("first")
    return "first"


@task
def second() -> str:
    order.append("second")
    return "second"


@task
def breaks():
    raise ValueError("broken upstream")


@task
def cleanup() -> str:
    return "cleaned"


@flow
def ordered_flow() -> dict:
    a = first.submit()
    b = second.submit(wait_for=[a])
    bad = breaks.submit()
    c = cleanup.submit(wait_for=[allow_failure(bad)])
    return {"b": b.result(), "order": order if b.wait().is_completed() else None,
            "c": c.result(), "bad_failed": bad.wait().is_failed()}
