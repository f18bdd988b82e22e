# Prefect 2's prefect.concurrency.asyncio on Orion's global limits: `async with concurrency(...)`
# and `await rate_limit(...)`; the wait for a slot runs off the event loop, so other coroutines of
# the flow go on meanwhile.
import orion as _o
from prefect._engine import await_in_run
from prefect.concurrency.sync import _names


class concurrency:
    """Holds a slot of each named limit while the `async with` block runs, all of them or none."""

    def __init__(self, names, occupy=1):
        self._names = _names(names)
        self._occupy = int(occupy)
        self._held = None

    async def __aenter__(self):
        self._held = await await_in_run(_o._bridge.occupyAll, self._names, self._occupy)
        return self

    async def __aexit__(self, *exc):
        self._held.close()
        return False


async def rate_limit(names, occupy=1):
    await await_in_run(_o._bridge.rateLimitAll, _names(names), int(occupy))
