# Tasks written in Python, used by the JavaScript flow in flow.js.
from orion import task


@task
def clean(word: str) -> str:
    return word.strip().lower()


@task(retries=1, tags=["python"])
def score(word: str) -> int:
    # Vowels count double.
    return sum(2 if c in "aeiou" else 1 for c in word)
