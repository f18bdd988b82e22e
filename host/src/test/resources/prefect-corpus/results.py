# persist_result with local result storage and the JSON serializer.
# entry: persisted_flow {}
import tempfile

from prefect import flow, task
from prefect.filesystems import LocalFileSystem
from prefect.serializers import JSONSerializer

STORAGE = LocalFileSystem(basepath=tempfile.mkdtemp(prefix="corpus-results-"))


@task(persist_result=True, result_storage=STORAGE, result_serializer=JSONSerializer())
def produce(n: int) -> dict:
    return {"n": n, "items": list(range(n))}


@flow(persist_result=True, result_serializer=JSONSerializer())
def persisted_flow() -> dict:
    return produce(3)
