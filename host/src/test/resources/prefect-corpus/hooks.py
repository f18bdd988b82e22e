# State hooks on tasks (on_completion, on_failure) are called with Prefect's keyword arguments.
# entry: hooked_flow {}
from prefect import flow, task

seen = []


def completed_hook(task, task_run, state):
    seen.append(["completed", task.name, state.is_completed()])


def failed_hook(task, task_run, state):
    seen.append(["failed", task.name, state.is_failed()])


def flow_done(flow, flow_run, state):
    seen.append(["flow", flow.name, state.is_completed()])


@task(on_completion=[completed_hook], on_failure=[failed_hook])
def good() -> int:
    return 1


@task(retries=1, retry_delay_seconds=0, on_failure=[failed_hook])
def bad():
    raise ValueError("bad")


@flow(on_completion=[flow_done])
def hooked_flow() -> list:
    good()
    bad(return_state=True)
    return sorted(seen)
