# A flow and its tasks with names, descriptions, versions and parameters; the main block is left alone.
# entry: pipeline {"n": 4}
from prefect import flow, task


@task(name="double-it", description="Doubles a number", version="1.0")
def double(x: int) -> int:
    return 2 * x


@task
def add(a: int, b: int = 10) -> int:
    return a + b


@flow(name="basic-pipeline", version="2024.1", description="Adds doubled numbers")
def pipeline(n: int = 3, offset: int = 1) -> dict:
    doubled = [double(i) for i in range(n)]
    return {"doubled": doubled, "total": add(sum(doubled), b=offset)}


if __name__ == "__main__":
    raise SystemExit("the main block must not run when the flow is run by its entrypoint")
