# Prefect 2's prefect.concurrency: global concurrency limits and rate limits on Orion's
# (`orion global-concurrency-limit create NAME --limit N`), in prefect.concurrency.sync and
# prefect.concurrency.asyncio.
