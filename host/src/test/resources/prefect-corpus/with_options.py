# with_options on tasks and flows: a renamed copy with other retries and tags.
# entry: options_flow {}
from prefect import flow, task

tries = {"n": 0}


@task
def sometimes() -> int:
    tries["n"] += 1
    if tries["n"] < 2:
        raise RuntimeError("first try fails")
    return tries["n"]


@flow
def inner(x: int) -> int:
    return x * 2


@flow
def options_flow() -> dict:
    patient = sometimes.with_options(name="patient", retries=2, retry_delay_seconds=0, tags=["retrying"])
    renamed = inner.with_options(name="renamed-inner")
    return {"patient": patient(), "name": patient.name, "tags": sorted(patient.tags),
            "inner": renamed(4), "flow_name": renamed.name}
