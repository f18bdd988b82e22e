# prefect.runtime: facts about the current run, as attributes of flow_run, task_run and deployment.
from prefect.runtime import flow_run, task_run, deployment
