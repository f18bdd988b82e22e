# prefect.futures: PrefectFuture.
from prefect._engine import PrefectFuture


def resolve_futures_to_states(value):
    from prefect._engine import _final_state
    return _final_state(value)
