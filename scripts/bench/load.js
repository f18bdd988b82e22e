// The flow of the load and fault test (LoadAndFaultTest, scripts/bench/load.sh): five tasks in a
// row, each appending "<i> <task>" to the file `log` when its body starts, so the test counts
// executions, not states. Each sleeps `sleepMs` so that a killed worker is caught mid-run.
//   ./orion run scripts/bench/load.js --param i=1 --param log=/tmp/load.log
const Files = Java.type("java.nio.file.Files");
const Path = Java.type("java.nio.file.Path");
const Option = Java.type("java.nio.file.StandardOpenOption");
const Thread = Java.type("java.lang.Thread");

function step(name) {
  return task({ name }, (i, log, sleepMs) => {
    // One small O_APPEND write: atomic, so lines from concurrent workers never interleave.
    Files.writeString(Path.of(log), `${i} ${name}\n`, Option.APPEND, Option.CREATE);
    Thread.sleep(sleepMs);
    return i;
  });
}

const steps = ["extract", "transform", "validate", "load", "report"].map(step);

export default flow({ name: "load", retries: 2 }, (i = 0, log = "load.log", sleepMs = 30) => {
  for (const s of steps) {
    s(i, log, sleepMs);
  }
  return i;
});
