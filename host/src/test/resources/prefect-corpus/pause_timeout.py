# pause_flow_run(timeout=...): nobody resumes the run in time, so it fails.
# entry: waiting_flow {}
from prefect import flow, pause_flow_run, task


@task
def prepare() -> int:
    return 1


@flow
def waiting_flow() -> int:
    prepare()
    pause_flow_run(timeout=1)
    return 2
