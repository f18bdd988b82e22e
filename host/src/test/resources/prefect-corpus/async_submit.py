# Async submit and futures, async subflows awaited (also gathered), and a failing async task.
# entry: async_parent {}
import asyncio

from prefect import flow, task


@task
async def work(x: int) -> int:
    await asyncio.sleep(0.05)
    return x + 100


@task
async def explode():
    raise ValueError("async failure")


@flow
async def async_child(x: int) -> int:
    return await work(x)


@flow
async def async_parent() -> dict:
    future = await work.submit(1)
    value = await future.result()
    state = await explode(return_state=True)
    children = await asyncio.gather(async_child(1), async_child(2))
    mapped = await work.map([5, 6])
    return {"value": value, "failed": state.is_failed(), "children": list(children),
            "mapped": [await f.result() for f in mapped]}
