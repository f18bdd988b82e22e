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


def main(entries):
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
