# prefect.states constructors returned from flows decide their final state.
# entry: returns_completed {}
# entry: returns_failed {}
# entry: returns_futures {}
from prefect import flow, task
from prefect.states import Completed, Failed


@task
def fine() -> int:
    return 1


@task
def broken():
    raise RuntimeError("broken")


@flow
def returns_completed():
    return Completed(message="all good")


@flow
def returns_failed():
    fine()
    return Failed(message="decided to fail")


@flow
def returns_futures():
    return [fine.submit(), broken.submit()]
