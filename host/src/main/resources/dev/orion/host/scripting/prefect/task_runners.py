# prefect.task_runners: the runners Orion offers under Prefect's names.
from prefect._engine import BaseTaskRunner, ConcurrentTaskRunner, SequentialTaskRunner
