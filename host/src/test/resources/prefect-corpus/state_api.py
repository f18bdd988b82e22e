# return_state=True and the State API: is_completed, is_failed, result(raise_on_failure=...).
# entry: states_flow {}
from prefect import flow, task


@task
def ok() -> int:
    return 7


@task
def fails():
    raise KeyError("missing")


@flow
def states_flow() -> dict:
    good = ok(return_state=True)
    bad = fails(return_state=True)
    error = bad.result(raise_on_failure=False, fetch=True)
    try:
        bad.result(fetch=True)
        raised = None
    except KeyError as e:
        raised = type(e).__name__
    future = ok.submit()
    return {"good": [good.is_completed(), good.is_failed(), good.result(fetch=True), good.name],
            "bad": [bad.is_completed(), bad.is_failed(), type(error).__name__, raised],
            "future": [future.wait().is_completed(), future.result()]}
