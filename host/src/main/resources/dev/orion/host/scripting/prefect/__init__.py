# Prefect 2's flow-authoring API on Orion's engine (see README, "Coming from Prefect").
from prefect._engine import (State, get_run_logger, tags, pause_flow_run, suspend_flow_run, allow_failure,
                             unmapped, not_offered)
from prefect._tasks import Task, task
from prefect._flows import Flow, flow
from prefect.futures import PrefectFuture
from prefect.context import get_run_context
from prefect import states, tasks, context, runtime, task_runners, exceptions

__version__ = "2.14.21+orion"


def serve(*args, **kwargs):
    not_offered("prefect.serve", "deploy with `orion deployment create` and run `orion worker`")


def deploy(*args, **kwargs):
    not_offered("prefect.deploy", "deploy with `orion deployment create`")


def get_client(*args, **kwargs):
    not_offered("prefect.get_client", "use Orion's REST API or `orion` CLI")


def __getattr__(name):
    # `from prefect import Deployment` and the like: a part of Prefect that Orion does not offer yet.
    if name.startswith("_"):
        raise AttributeError("module 'prefect' has no attribute '%s'" % name)
    import importlib
    try:
        return importlib.import_module("prefect." + name)  # `from prefect import filesystems`
    except ImportError:
        not_offered("prefect.%s" % name)
