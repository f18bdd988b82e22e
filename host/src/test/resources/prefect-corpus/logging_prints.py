# log_prints and get_run_logger in flows and tasks.
# entry: chatty_flow {"who": "orion"}
from prefect import flow, get_run_logger, task


@task(log_prints=True)
def shout(word: str) -> str:
    print("shouting", word)
    get_run_logger().info("task logger says %s", word)
    return word.upper()


@flow(log_prints=True)
def chatty_flow(who: str = "world") -> str:
    logger = get_run_logger()
    logger.info("hello %s", who)
    logger.warning("a warning")
    print("printed from the flow")
    return shout(who)
