# Prefect 2's prefect.blocks: Orion offers the Secret block (prefect.blocks.system), on Orion's secrets.
from prefect._engine import not_offered


def __getattr__(name):
    if name.startswith("_"):
        raise AttributeError("module 'prefect.blocks' has no attribute '%s'" % name)
    import importlib
    try:
        return importlib.import_module("prefect.blocks." + name)
    except ImportError:
        not_offered("prefect.blocks.%s" % name, "Orion offers prefect.blocks.system.Secret")
