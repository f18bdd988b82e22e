// ETL in JavaScript: map, waitFor, retries, caching and a subflow.
//   ./orion run scripts/etl.js --param n=5 --json      (scripts/etl.py computes the same)
const extract = task({ name: "extract" }, (n) => [...Array(n).keys()]);

const square = task({ name: "square", retries: 2, retryDelaySeconds: 0.1, tags: ["cpu"] }, (x) => x * x);

// Cached by its inputs for a minute: a second run with the same numbers ends Cached.
const total = task({ name: "total", cacheByInputs: true, cacheExpirationSeconds: 60 },
  (xs) => xs.reduce((a, b) => a + b, 0));

const audit = task("audit", (count) => {
  log(`audited ${count} squares`);
  return count;
});

// A subflow: its run is a child of the etl run.
const report = flow("report", (sum) => {
  log.info(`sum of squares is ${sum}`);
  return `sum of squares: ${sum}`;
});

export default flow("etl", (n = 10) => {
  const numbers = extract(n);
  const squares = square.map(numbers);
  waitFor(squares);                                   // all squares reached a final state
  const audited = audit.waitFor(squares).submit(squares.length); // ordered after them, no data passed
  const sum = total(squares.map((f) => f.result()));
  report(sum);
  audited.result();
  return sum;
});
