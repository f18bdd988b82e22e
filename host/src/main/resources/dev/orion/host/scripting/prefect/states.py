# prefect.states: State and its constructors, to return from a flow or task.
from prefect._engine import State, StateType, _state_error


def _make(type, name, message, data, kwargs):
    return State(type, kwargs.get("name") or name, message, data)


def Completed(message=None, data=None, **kwargs):
    return _make(StateType.COMPLETED, "Completed", message, data, kwargs)


def Failed(message=None, data=None, **kwargs):
    return _make(StateType.FAILED, "Failed", message, data, kwargs)


def Crashed(message=None, data=None, **kwargs):
    return _make(StateType.CRASHED, "Crashed", message, data, kwargs)


def Cancelled(message=None, data=None, **kwargs):
    return _make(StateType.CANCELLED, "Cancelled", message, data, kwargs)


def Cancelling(message=None, data=None, **kwargs):
    return _make(StateType.CANCELLING, "Cancelling", message, data, kwargs)


def Pending(message=None, data=None, **kwargs):
    return _make(StateType.PENDING, "Pending", message, data, kwargs)


def Running(message=None, data=None, **kwargs):
    return _make(StateType.RUNNING, "Running", message, data, kwargs)


def Scheduled(message=None, data=None, **kwargs):
    return _make(StateType.SCHEDULED, "Scheduled", message, data, kwargs)


def Paused(message=None, data=None, **kwargs):
    return _make(StateType.PAUSED, "Paused", message, data, kwargs)


def Retrying(message=None, data=None, **kwargs):
    return _make(StateType.RUNNING, "Retrying", message, data, kwargs)


def AwaitingRetry(message=None, data=None, **kwargs):
    return _make(StateType.SCHEDULED, "AwaitingRetry", message, data, kwargs)


def Late(message=None, data=None, **kwargs):
    return _make(StateType.SCHEDULED, "Late", message, data, kwargs)


def is_state(obj):
    return isinstance(obj, State)


def get_state_exception(state):
    return state.result(raise_on_failure=False)
