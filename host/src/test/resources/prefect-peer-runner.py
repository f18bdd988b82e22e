# Runs flows of the Prefect corpus under the real Prefect 2.14, all in this one process, and prints
# one JSON line per run: {"file", "flow", "type", "name", "result"}.
#   python3 prefect-peer-runner.py FILE:FLOW=PARAMS_JSON ...
import importlib.util
import json
import os
import sys


def jsonable(value):
    if isinstance(value, (list, tuple)) and value and all(hasattr(v, "is_completed") for v in value):
        value = [v.result(raise_on_failure=False, fetch=True) for v in value]  # a flow's states, as their results
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return repr(value)


def prepare_api():
    """Prefect's ephemeral API migrates its database and registers its block types as it starts,
    within 30 s; on a loaded machine that takes longer. So it starts once here with no such
    deadline; the flows' own start then finds the database migrated and the blocks registered
    (Prefect remembers that in PREFECT_HOME), which is quick."""
    import asyncio
    from asgi_lifespan import LifespanManager
    from prefect.server.api.server import create_app

    async def start_and_stop():
        async with LifespanManager(create_app(ephemeral=True), startup_timeout=1800, shutdown_timeout=1800):
            pass
    asyncio.run(start_and_stop())


def main(entries):
    prepare_api()
    for n, entry in enumerate(entries):
        target, _, params = entry.partition("=")
        path, _, name = target.rpartition(":")
        spec = importlib.util.spec_from_file_location("corpus_%d" % n, path)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
        spec.loader.exec_module(module)
        flow = getattr(module, name)
        state = flow(**json.loads(params or "{}"), return_state=True)
        if hasattr(state, "__await__"):
            import asyncio

            async def wait(s):
                return await s
            state = asyncio.run(wait(state))
        result = state.result(raise_on_failure=False, fetch=True) if state.is_completed() else None
        print(json.dumps({"file": os.path.basename(path), "flow": name, "type": state.type.value,
                          "name": state.name, "result": jsonable(result)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
