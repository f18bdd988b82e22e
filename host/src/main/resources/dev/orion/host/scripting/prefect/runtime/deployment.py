# prefect.runtime.deployment: a run started by `orion run` has no deployment.
def __getattr__(name):
    if name in ("id", "name", "version", "flow_run_id"):
        return None
    if name == "parameters":
        return {}
    raise AttributeError("module 'prefect.runtime.deployment' has no attribute '%s'" % name)
