# refresh_cache=True: the task runs although its key has a cached result, and caches the new one.
# entry: refreshing_flow {}
from prefect import flow, task

calls = {"n": 0}


def fixed_key(context, parameters):
    return "refresh-cache-corpus-%d" % parameters["x"]


@task(cache_key_fn=fixed_key)
def compute(x: int) -> int:
    calls["n"] += 1
    return x * 10 + calls["n"]


@flow
def refreshing_flow() -> dict:
    first = compute(1, return_state=True)
    cached = compute(1, return_state=True)
    fresh = compute.with_options(refresh_cache=True)(1, return_state=True)
    after = compute(1, return_state=True)
    states = [first, cached, fresh, after]
    return {"values": [s.result(fetch=True) for s in states], "names": [s.name for s in states],
            "calls": calls["n"]}
