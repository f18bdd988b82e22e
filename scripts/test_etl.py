# Tests for etl.py, run with:   ./orion test scripts/test_etl.py
# Each run_flow runs the flow through the engine, the core policy and a temporary store of its own.
from orion.testing import run_flow, orion_test_harness

from etl import etl


def test_sums_the_squares_of_0_to_n():
    run = run_flow(etl, n=5)
    assert run.state.is_completed()
    assert run.result == 30
    assert [t.state.name for t in run.task_runs_of("square")] == ["Completed"] * 5
    assert run.task_run("extract").state_names == ["Pending", "Running", "Completed"]


def test_audits_after_every_square_with_a_log_line():
    run = run_flow(etl, n=3)
    assert run.task_run("audit").state.name == "Completed"
    assert "audited 3 squares" in run.logs


def test_total_comes_from_the_cache_until_it_expires():
    with orion_test_harness() as orion:
        orion.run_flow(etl, n=4)
        cached = orion.run_flow(etl, n=4).task_run("total")
        assert cached.state.name == "Cached"
        assert cached.states[-1].rule == "CacheRetrieval"

        orion.advance(61)                             # past the 60 s cache expiration
        assert orion.run_flow(etl, n=4).task_run("total").state.name == "Completed"
