# Benchmark: a CPU-bound loop in one task (scripts/bench/jit.sh compares it with CPython).
from orion import flow, task


@task
def loop(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i % 7
    return s


@flow
def bench_loop_py(n: int = 3_000_000) -> int:
    return loop(n)
