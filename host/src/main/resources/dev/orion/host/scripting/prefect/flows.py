# prefect.flows: Flow and flow.
from prefect._engine import Flow, flow
