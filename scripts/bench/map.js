// Benchmark: one flow mapping a trivial task over n inputs (every state persisted).
//   ./orion run scripts/bench/map.js --param n=10000 --json     (task runs/s = n / duration_ms * 1000)
const trivial = task("trivial", (x) => x + 1);

export default flow("bench-map-js", (n = 10000) => {
  const futures = trivial.map([...Array(n).keys()]);
  let sum = 0;
  for (const f of futures) sum += f.result();
  return sum;
});
