# prefect.utilities
