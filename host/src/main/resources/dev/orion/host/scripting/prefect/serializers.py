# prefect.serializers: Orion stores results as JSON.
class JSONSerializer:
    type = "json"


class PickleSerializer:
    type = "pickle"


class CompressedSerializer:
    type = "compressed"
