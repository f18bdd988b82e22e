// A JavaScript flow using tasks defined in Python: their runs are ordinary task runs of this flow.
//   ./orion run scripts/polyglot/flow.js --params '{"words": [" Alpha", "beta "]}'
const { clean, score } = importScript("./tasks.py");

const shout = task("shout", (word) => word.toUpperCase());

export default flow("polyglot", (words = [" Alpha", "beta ", " GAMMA "]) => {
  const cleaned = clean.map(words).map((f) => f.result());
  const scores = score.map(cleaned).map((f) => f.result());
  const loud = shout.map(cleaned).map((f) => f.result());
  return { words: loud, total: scores.reduce((a, b) => a + b, 0) };
});
