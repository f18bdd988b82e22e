// The smallest flow: one task, one flow. Run it with ./orion run scripts/hello.js --param name=Orion
const greet = task("greet", (name) => `Hello, ${name}!`);

export default flow("hello", (name = "world") => {
  const message = greet(name);
  console.log(message);
  return message;
});
