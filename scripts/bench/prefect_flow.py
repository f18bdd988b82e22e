# One Prefect 2 flow file, run unchanged by `orion run` and by the real Prefect 2.14 (scripts/bench/prefect.sh):
# a sync flow mapping a trivial task, and an async flow gathering async tasks.
import asyncio
import sys

from prefect import flow, task


@task
def inc(x: int) -> int:
    return x + 1


@task
async def ainc(x: int) -> int:
    await asyncio.sleep(0)
    return x + 1


@flow
def mapped(n: int = 200) -> int:
    return sum(f.result() for f in inc.map(range(n)))


@flow
async def gathered(n: int = 200) -> int:
    return sum(await asyncio.gather(*[ainc(i) for i in range(n)]))


if __name__ == "__main__":
    name, n = sys.argv[1], int(sys.argv[2])
    if name == "mapped":
        print(mapped(n))
    else:
        print(asyncio.run(gathered(n)))
