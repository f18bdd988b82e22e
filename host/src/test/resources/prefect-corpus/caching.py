# Caching: cache_key_fn=task_input_hash with a timedelta expiration; equal inputs hit the cache.
# entry: cached_flow {}
from datetime import timedelta

from prefect import flow, task
from prefect.tasks import task_input_hash

calls = {"n": 0}


@task(cache_key_fn=task_input_hash, cache_expiration=timedelta(minutes=5))
def expensive(x: int) -> int:
    calls["n"] += 1
    return x * 100


def by_parity(context, parameters):
    return "parity-%d" % (parameters["x"] % 2)


@task(cache_key_fn=by_parity)
def parity(x: int) -> int:
    return x


@flow
def cached_flow() -> dict:
    first = expensive(3, return_state=True)
    second = expensive(3, return_state=True)
    other = expensive(4, return_state=True)
    return {"values": [first.result(fetch=True), second.result(fetch=True), other.result(fetch=True)],
            "names": [first.name, second.name, other.name],
            "calls": calls["n"],
            "parity": [parity(1), parity(3), parity(2)]}
