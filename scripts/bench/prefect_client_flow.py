# Prefect 2.14's client runs a flow of N sequential task calls and one of N mapped tasks against the
# server at PREFECT_API_URL (after a warm-up flow); prints the seconds of each flow run. Used by
# scripts/bench/prefect-client.sh.
import json, sys, time
from prefect import flow, task

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100


@task
def square(i):
    return i * i


@flow
def sequential(n: int):
    return sum(square(i) for i in range(n))


@flow
def mapped(n: int):
    return sum(f.result() for f in square.map(range(n)))


sequential(2)  # warm-up: the client's first connection and the flow's registration
out = {}
for f in (sequential, mapped):
    start = time.monotonic()
    f(N)
    out[f.name] = round(time.monotonic() - start, 2)
print("RESULT " + json.dumps(out))
