# Async flows: awaiting async tasks, asyncio.gather of task calls, a sync task from an async flow.
# entry: async_flow {"n": 5}
import asyncio

from prefect import flow, task


@task
async def fetch(i: int) -> int:
    await asyncio.sleep(0)  # yields to the event loop, as an awaited call would
    return i * i


@task
def total(values: list) -> int:
    return sum(values)


@flow
async def async_flow(n: int = 3) -> dict:
    one = await fetch(2)
    many = await asyncio.gather(*[fetch(i) for i in range(n)])
    return {"one": one, "many": list(many), "total": total(list(many))}
