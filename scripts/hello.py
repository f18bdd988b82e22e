# The smallest flow: one task, one flow. Run it with ./orion run scripts/hello.py --param name=Orion
from orion import flow, task


@task
def greet(name: str) -> str:
    return f"Hello, {name}!"


@flow
def hello(name: str = "world") -> str:
    message = greet(name)
    print(message)
    return message
