# prefect.exceptions: the errors a flow file may catch.
class PrefectException(Exception):
    pass


class MissingContextError(PrefectException, RuntimeError):
    pass


class FailedRun(PrefectException):
    pass


class CrashedRun(PrefectException):
    pass


class CancelledRun(PrefectException):
    pass


class PausedRun(PrefectException):
    pass


class MappingLengthMismatch(PrefectException):
    pass


class MappingMissingIterable(PrefectException):
    pass


class UpstreamTaskError(PrefectException):
    pass


class ParameterTypeError(PrefectException):
    pass


class SignatureMismatchError(PrefectException, TypeError):
    pass


class ObjectNotFound(PrefectException):
    pass


class TerminationSignal(Exception):
    pass


class FlowPauseTimeout(PrefectException):
    pass
