# Prefect 2.14's client runs 6 tasks tagged "db" (each holding the tag's slot 50 ms) under a tag
# concurrency limit of 2 against the server at PREFECT_API_URL; prints the sum, the most tasks seen
# inside at once and the flow's seconds. Used by scripts/bench/prefect-tag-limit.sh.
import json, threading, time
from prefect import flow, task
from prefect.client.orchestration import get_client
import asyncio

lock = threading.Lock()
inside = [0, 0]  # now, max

@task(tags=["db"])
def work(i):
    with lock:
        inside[0] += 1
        inside[1] = max(inside[1], inside[0])
    time.sleep(0.05)
    with lock:
        inside[0] -= 1
    return i

@flow
def tagged():
    return sum(f.result() for f in [work.submit(i) for i in range(6)])

async def limit():
    async with get_client() as client:
        await client.create_concurrency_limit(tag="db", concurrency_limit=2)

asyncio.run(limit())
start = time.monotonic()
total = tagged()
print("RESULT " + json.dumps({"sum": total, "max_inside": inside[1], "seconds": round(time.monotonic() - start, 2)}))
