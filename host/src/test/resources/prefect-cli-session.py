# Prefect's CLI, `prefect ARGS...`, for several commands in this one process, as Prefect's own
# tests run it (typer's CliRunner, see prefect.testing.cli): one process imports Prefect once
# instead of once per command. Reads one JSON array of arguments a line from stdin and answers
# each with one line, RESULT_MARK then {"exit": code, "output": what the command printed}.
import json
import sys
import traceback

from typer.testing import CliRunner

from prefect.cli import app

RESULT_MARK = "\x1eORION-CLI-RESULT "

runner = CliRunner()
for line in sys.stdin:
    if not line.strip():
        continue
    result = runner.invoke(app, json.loads(line), catch_exceptions=True)
    output = result.stdout
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        output += "".join(traceback.format_exception(*result.exc_info))
    sys.__stdout__.write(RESULT_MARK + json.dumps({"exit": result.exit_code, "output": output}) + "\n")
    sys.__stdout__.flush()
