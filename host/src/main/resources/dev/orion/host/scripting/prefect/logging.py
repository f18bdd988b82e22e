# prefect.logging: the run logger.
from prefect._engine import get_run_logger


def get_logger(name=None):
    import logging as _logging
    return _logging.getLogger("prefect" if name is None else "prefect." + name)
