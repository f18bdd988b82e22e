# A flow that returns nothing takes its state from the runs it made; one raising fails.
# entry: swallowed_failure {}
# entry: all_fine {}
# entry: raises {}
from prefect import flow, task


@task
def broken():
    raise RuntimeError("broken")


@task
def fine() -> int:
    return 1


@flow
def swallowed_failure():
    fine()
    broken.submit()


@flow
def all_fine():
    fine()
    fine.submit()


@flow
def raises():
    raise ValueError("flow body raised")
