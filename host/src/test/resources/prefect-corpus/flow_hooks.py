# State hooks on flows and tasks, called with Prefect's keyword arguments (flow, flow_run, state /
# task, task_run, state): completion and failure of tasks, of a subflow and of the flow itself.
# entry: hooks_flow {"n": 2}
from prefect import flow, task

seen = []


def flow_completed(flow, flow_run, state):
    seen.append(["flow completed", flow.name, flow_run.name, dict(flow_run.parameters), state.is_completed(),
                 state.name])


def flow_failed(flow, flow_run, state):
    seen.append(["flow failed", flow.name, flow_run.name, state.is_failed(), state.name, state.message])


def task_completed(task, task_run, state):
    seen.append(["task completed", task.name, task_run.name, state.is_completed(), state.name])


def task_failed(task, task_run, state):
    seen.append(["task failed", task.name, task_run.name, state.is_failed(), state.message])


def broken_hook(flow, flow_run, state):
    raise RuntimeError("a failing hook is logged, not raised")


@task(task_run_name="square-{x}", on_completion=[task_completed], on_failure=[task_failed])
def square(x: int) -> int:
    if x < 0:
        raise ValueError("negative: %d" % x)
    return x * x


@flow(flow_run_name="failing-{reason}", on_failure=[flow_failed], on_completion=[flow_completed])
def failing_subflow(reason: str):
    raise RuntimeError(reason)


@flow(flow_run_name="working-{n}", on_completion=[broken_hook, flow_completed])
def working_subflow(n: int) -> int:
    return square(n)


@flow
def hooks_flow(n: int = 2) -> list:
    square(n)
    square(-n, return_state=True)
    failing_subflow("boom", return_state=True)
    working_subflow(n + 1)
    return seen
