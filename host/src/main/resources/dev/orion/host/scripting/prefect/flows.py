# prefect.flows: Flow and flow.
from prefect._flows import Flow, flow
