# Prefect 2's prefect.concurrency.sync on Orion's global limits: `with concurrency("db", occupy=1):`
# holds a slot of each named limit while its block runs, all of them or none; rate_limit(names)
# waits for slots of limits with slot decay. A name not created yet is created inactive.
import contextlib

import orion as _o


def _names(names):
    return [str(n) for n in (names if isinstance(names, (list, tuple)) else [names])]


@contextlib.contextmanager
def concurrency(names, occupy=1):
    held = _o._bridge.occupyAll(_names(names), int(occupy))
    try:
        yield
    finally:
        held.close()


def rate_limit(names, occupy=1):
    _o._bridge.rateLimitAll(_names(names), int(occupy))
