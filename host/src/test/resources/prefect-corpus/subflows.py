# Subflows: called like functions, their failures raise or come back as states.
# entry: parent {"n": 3}
from prefect import flow, task


@task
def inc(x: int) -> int:
    return x + 1


@flow
def child(x: int) -> int:
    return inc(x) * 10


@flow
def failing_child():
    raise ValueError("child failed")


@flow
def parent(n: int = 2) -> dict:
    values = [child(i) for i in range(n)]
    state = failing_child(return_state=True)
    try:
        failing_child()
        raised = False
    except ValueError:
        raised = True
    return {"values": values, "child_failed": state.is_failed(), "raised": raised}
