# ETL in Python: map, wait_for, retries, caching and a subflow.
#   ./orion run scripts/etl.py --param n=5 --json      (scripts/etl.js computes the same)
from orion import flow, task, wait_for, get_run_logger


@task
def extract(n: int) -> list:
    return list(range(n))


@task(retries=2, retry_delay_seconds=0.1, tags=["cpu"])
def square(x: int) -> int:
    return x * x


# Cached by its inputs for a minute: a second run with the same numbers ends Cached.
@task(cache_by_inputs=True, cache_expiration=60)
def total(xs: list) -> int:
    return sum(xs)


@task
def audit(count: int) -> int:
    get_run_logger().info("audited %d squares", count)
    return count


# A subflow: its run is a child of the etl run.
@flow
def report(total: int) -> str:
    print(f"sum of squares is {total}")
    return f"sum of squares: {total}"


@flow
def etl(n: int = 10) -> int:
    numbers = extract(n)
    squares = square.map(numbers)
    wait_for(*squares)                                  # all squares reached a final state
    audited = audit.submit(len(squares), wait_for=squares)  # ordered after them, no data passed
    result = total([f.result() for f in squares])
    report(result)
    audited.result()
    return result
