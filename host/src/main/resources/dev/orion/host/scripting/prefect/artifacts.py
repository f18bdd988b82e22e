# Prefect 2's prefect.artifacts on Orion's artifacts: the same functions and checks, stored with
# the run (and task run) that calls them; each answers the artifact's id. In an async flow or task
# the answer is awaited, as Prefect's sync_compatible functions are.
import json as _json
import math as _math
import uuid as _uuid

import orion as _o
from prefect._engine import sync_compatible

INVALID_TABLE_TYPE_ERROR = (
    "`create_table_artifact` requires a `table` argument of type `dict[list]` or"
    " `list[dict]`."
)


def _answer(artifact_id):
    return sync_compatible(_uuid.UUID(artifact_id))


def create_markdown_artifact(markdown, key=None, description=None):
    return _answer(_o.create_markdown_artifact(markdown, key=key, description=description))


def create_link_artifact(link, link_text=None, key=None, description=None):
    return _answer(_o.create_link_artifact(link, link_text=link_text, key=key, description=description))


def _sanitize_nan_values(item):
    if isinstance(item, list):
        return [_sanitize_nan_values(sub_item) for sub_item in item]
    if isinstance(item, dict):
        return {k: _sanitize_nan_values(v) for k, v in item.items()}
    if isinstance(item, float) and _math.isnan(item):
        return None
    return item


def create_table_artifact(table, key=None, description=None):
    if isinstance(table, dict) and all(isinstance(v, list) for v in table.values()):
        pass
    elif isinstance(table, list) and all(isinstance(v, (list, dict)) for v in table):
        pass
    else:
        raise TypeError(INVALID_TABLE_TYPE_ERROR)
    # Stored as Prefect's client stores it: the table's JSON text.
    return _answer(_o.create_table_artifact(_json.dumps(_sanitize_nan_values(table)), key=key, description=description))
