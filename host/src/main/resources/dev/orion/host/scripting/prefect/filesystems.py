# prefect.filesystems: local storage for results (Orion keeps them in its own result store).
class LocalFileSystem:
    def __init__(self, basepath=None, **kwargs):
        self.basepath = basepath

    def __repr__(self):
        return "LocalFileSystem(basepath=%r)" % (self.basepath,)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    from prefect._engine import not_offered
    not_offered("prefect.filesystems.%s" % name, "use LocalFileSystem")
