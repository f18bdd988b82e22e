# Prefect 2's Secret block on Orion's secrets (`orion secret set NAME`, encrypted at rest; the
# server's with ORION_API_URL). Secret.load(name).get() answers the value, which the run's logs and
# results mask from then on. Secrets are set outside flows: Secret.save is not offered.
import orion as _o
from prefect._engine import not_offered, sync_compatible


class SecretStr:
    """The value, shown as ********; get_secret_value() answers it (Prefect's pydantic SecretStr)."""

    def __init__(self, value):
        self._value = value

    def get_secret_value(self):
        return self._value

    def __repr__(self):
        return "SecretStr('**********')"

    __str__ = __repr__


class Secret:
    """A secret value by name, as Prefect's prefect.blocks.system.Secret."""

    _block_type_slug = "secret"

    def __init__(self, value=None, **kwargs):
        if kwargs:
            not_offered("Secret(%s)" % ", ".join(sorted(kwargs)))
        self.value = value if isinstance(value, SecretStr) else SecretStr(value)

    @classmethod
    def load(cls, name, validate=True, client=None):
        return sync_compatible(cls(_o.secret(name)))

    def get(self):
        return self.value.get_secret_value()

    def save(self, name=None, overwrite=False, client=None):
        not_offered("Secret.save", "set a secret with `orion secret set NAME` (value from stdin)")

    def __repr__(self):
        return "Secret(value=SecretStr('**********'))"


def __getattr__(name):
    if name.startswith("_"):
        raise AttributeError("module 'prefect.blocks.system' has no attribute '%s'" % name)
    not_offered("prefect.blocks.system.%s" % name, "Orion offers prefect.blocks.system.Secret")
