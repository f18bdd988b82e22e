# Async state hooks and an async retry_condition_fn are awaited, as Prefect awaits them.
# entry: parent {}
import asyncio

from prefect import flow, task

seen = []


async def async_hook(flow, flow_run, state):
    await asyncio.sleep(0)
    seen.append(["async flow hook", flow.name, state.name])


async def async_condition(task, task_run, state):
    await asyncio.sleep(0)
    seen.append(["async condition", task_run.run_count])
    return False


@task(retries=2, retry_condition_fn=async_condition)
async def bad():
    raise ValueError("not retried")


@flow(on_completion=[async_hook])
async def child() -> int:
    await bad(return_state=True)
    return 1


@flow
async def parent() -> list:
    await child()
    return seen
