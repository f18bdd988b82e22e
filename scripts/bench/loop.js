// Benchmark: a CPU-bound loop in one task (scripts/bench/jit.sh compares it with Node).
const loop = task("loop", (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += (i * i) % 7;
  return s;
});
export default flow("bench-loop-js", (n = 30000000) => loop(n));
