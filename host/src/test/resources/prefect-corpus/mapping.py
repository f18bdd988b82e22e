# map with unmapped and keyword arguments; futures as arguments of another map.
# entry: mapped_flow {"n": 4}
from prefect import flow, task, unmapped


@task
def scale(x: int, factor: int) -> int:
    return x * factor


@task
def shift(x: int, by: int = 0) -> int:
    return x + by


@flow
def mapped_flow(n: int = 3) -> list:
    scaled = scale.map(range(n), unmapped(10))
    shifted = shift.map(scaled, by=unmapped(1))
    pairs = scale.map(x=[1, 2], factor=[3, 4])
    return [f.result() for f in shifted] + [p.result() for p in pairs]
