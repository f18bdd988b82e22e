# task_runner= with SequentialTaskRunner and ConcurrentTaskRunner.
# entry: sequential_flow {}
# entry: concurrent_flow {}
import time

from prefect import flow, task
from prefect.task_runners import ConcurrentTaskRunner, SequentialTaskRunner

log = []


@task
def step(i: int) -> int:
    log.append(("start", i))
    time.sleep(0.05)
    log.append(("end", i))
    return i


@flow(task_runner=SequentialTaskRunner())
def sequential_flow() -> dict:
    log.clear()
    futures = [step.submit(i) for i in range(3)]
    results = [f.result() for f in futures]
    interleaved = any(log[k][0] == "start" and log[k + 1][0] == "start" for k in range(len(log) - 1))
    return {"results": results, "interleaved": interleaved}


@flow(task_runner=ConcurrentTaskRunner)
def concurrent_flow() -> list:
    return [f.result() for f in step.map([1, 2, 3])]
