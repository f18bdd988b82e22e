# prefect.tasks: Task, task and the cache key helpers.
import hashlib as _hashlib
import json as _json

from prefect._tasks import Task, task


def task_input_hash(context, arguments):
    """A cache key from the task and its inputs (JSON-encoded), as Prefect's task_input_hash."""
    try:
        text = _json.dumps([context.task.task_key, arguments], sort_keys=True, default=repr)
    except TypeError:
        return None
    return _hashlib.md5(text.encode()).hexdigest()


def exponential_backoff(backoff_factor):
    """retry_delay_seconds=exponential_backoff(10): delays of factor * 2**n for each retry."""
    def retry_backoff_callable(retries):
        retries = min(retries, 50)
        return [backoff_factor * max(0, 2 ** r) for r in range(retries)]
    return retry_backoff_callable
