# Prefect 2's prefect.variables on Orion's variables (`orion variable set NAME VALUE`, or the
# server's with ORION_API_URL): get answers the value, or the default when it is not set; in an
# async flow or task it is awaited, as Prefect's is.
import orion as _o
from prefect._engine import sync_compatible


def get(name, default=None):
    return sync_compatible(_o.variables.get(name, default))
