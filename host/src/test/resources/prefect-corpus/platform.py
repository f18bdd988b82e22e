# What a flow uses beyond tasks, where no server-side setup is needed: a variable nobody set gives
# its default (sync and awaited), and limits nobody created are created inactive, so they limit
# nothing (concurrency and rate_limit, sync and async).
# entry: platform {"n": 3}
# entry: platform_async {}
from prefect import flow, task, variables
from prefect.concurrency.asyncio import concurrency as concurrency_async
from prefect.concurrency.sync import concurrency, rate_limit


@task
def guarded(i: int) -> int:
    with concurrency("corpus-unknown-limit", occupy=1):
        return i * 2


@flow
def platform(n: int) -> list:
    rate_limit("corpus-unknown-rate")
    region = variables.get("corpus_missing_variable", default="fallback")
    return [region] + [guarded(i) for i in range(n)]


@flow
async def platform_async() -> str:
    async with concurrency_async(["corpus-unknown-a", "corpus-unknown-b"], occupy=2):
        region = await variables.get("corpus_missing_variable", default="async-fallback")
    return region
