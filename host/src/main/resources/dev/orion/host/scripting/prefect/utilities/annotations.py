# prefect.utilities.annotations: unmapped, allow_failure, quote.
from prefect._engine import allow_failure, quote, unmapped
