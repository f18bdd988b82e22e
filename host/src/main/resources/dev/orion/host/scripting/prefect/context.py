# prefect.context: the run a piece of code runs in.
from prefect._engine import FlowRunContext, TaskRunContext, get_run_context, tags


class TagsContext:
    @classmethod
    def get(cls):
        from prefect._engine import _tag_stack
        c = cls()
        c.current_tags = set(_tag_stack.get())
        return c
