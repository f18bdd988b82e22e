// Orion's JavaScript API, evaluated in every JavaScript context before the user's script.
// It wraps the host bridge (__orion) so tasks and flows read like ordinary functions:
//   const square = task({ name: "square", retries: 2 }, x => x * x);
//   export default flow("etl", (n = 10) => square.map([...Array(n).keys()]).map(f => f.result()));
(function (bridge) {
  "use strict";
  const g = globalThis;
  const decode = (json) => (json === undefined || json === null ? null : JSON.parse(json));

  // Parameter names and default values from a function's source: (a, b = 2) => ..., x => ..., function f(a) {}.
  function signature(fn) {
    const src = Function.prototype.toString.call(fn);
    let list;
    const arrow = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
    if (arrow) {
      list = arrow[1];
    } else {
      const open = src.indexOf("(");
      if (open < 0) return [];
      let depth = 0, i = open;
      for (; i < src.length; i++) {
        const c = src[i];
        if (c === "(" || c === "[" || c === "{") depth++;
        else if (c === ")" || c === "]" || c === "}") { depth--; if (depth === 0) break; }
        else if (c === "'" || c === '"' || c === "`") { const q = c; i++; while (i < src.length && src[i] !== q) { if (src[i] === "\\") i++; i++; } }
      }
      list = src.substring(open + 1, i);
    }
    const parts = [];
    let depth = 0, start = 0;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") depth--;
      else if (c === "'" || c === '"' || c === "`") { const q = c; i++; while (i < list.length && list[i] !== q) { if (list[i] === "\\") i++; i++; } }
      else if (c === "," && depth === 0) { parts.push(list.substring(start, i)); start = i + 1; }
    }
    parts.push(list.substring(start));
    const params = [];
    parts.map(p => p.replace(/\/\*[\s\S]*?\*\//g, "").trim()).filter(p => p.length > 0).forEach((p, index) => {
      const eq = p.indexOf("=");
      const name = (eq < 0 ? p : p.substring(0, eq)).trim();
      const param = { name: /^[A-Za-z_$][\w$]*$/.test(name) ? name : "arg" + index, hasDefault: eq >= 0 };
      if (eq >= 0) {
        try { param.default = (0, eval)("(" + p.substring(eq + 1) + ")"); } catch (e) { param.default = undefined; }
      }
      params.push(param);
    });
    return params;
  }

  // Missing trailing arguments take the declared defaults, so the run records what the body saw.
  function complete(params, args) {
    const all = Array.from(args);
    for (let i = all.length; i < params.length; i++) {
      all.push(params[i].hasDefault ? params[i].default : null);
    }
    return all;
  }

  class Future {
    constructor(hostFuture) { this.__orion_future__ = hostFuture; }
    get id() { return String(this.__orion_future__.taskRunId()); }
    /** Waits for the run and returns its result; throws if the run did not complete. */
    result(timeoutSeconds) { return decode(bridge.result(this.__orion_future__, timeoutSeconds === undefined ? -1 : timeoutSeconds)); }
    /** Waits up to timeoutSeconds (for ever without it) and returns the state, or null if not done. */
    wait(timeoutSeconds) { return decode(bridge.waitState(this.__orion_future__, timeoutSeconds === undefined ? -1 : timeoutSeconds)); }
    /** The run's state now: {type, name, message}. */
    get state() { return decode(bridge.state(this.__orion_future__)); }
    /** A future is a thenable, so `await future` in an async function waits for its result. */
    then(resolve, reject) {
      try { return Promise.resolve(resolve(this.result())); } catch (e) { return reject ? Promise.resolve(reject(e)) : Promise.reject(e); }
    }
  }
  const futures = (list) => Array.from(list, f => new Future(f));

  function taskHandle(hostTask, params) {
    const call = (...args) => decode(bridge.call(hostTask, complete(params, args)));
    call.__orion_task__ = hostTask;
    call.taskName = String(hostTask.name());
    call.submit = (...args) => new Future(bridge.submit(hostTask, complete(params, args)));
    call.map = (...args) => futures(bridge.map(hostTask, args));
    call.waitFor = (...fs) => taskHandle(bridge.waitFor(hostTask, fs.flat()), params);
    return call;
  }

  function flowHandle(hostFlow, params) {
    const call = (...args) => decode(bridge.callFlow(hostFlow, complete(params, args)));
    call.__orion_flow__ = hostFlow;
    call.flowName = String(hostFlow.name());
    return call;
  }

  function split(a, b) {
    if (typeof a === "function") return [{}, a];
    if (typeof a === "string") return [{ name: a }, b];
    return [a || {}, b];
  }

  g.task = function (a, b) {
    const [options, fn] = split(a, b);
    if (typeof fn !== "function") throw new TypeError("task(options, fn) needs a function");
    const params = signature(fn);
    const name = options.name || fn.name;
    if (!name) throw new TypeError("task(options, fn) needs a name: give options.name or a named function");
    return taskHandle(bridge.defineTask(name, options, fn, params, options.cacheKey || null), params);
  };
  g.flow = function (a, b) {
    const [options, fn] = split(a, b);
    if (typeof fn !== "function") throw new TypeError("flow(name, fn) needs a function");
    const params = signature(fn);
    const name = options.name || fn.name;
    if (!name) throw new TypeError("flow(name, fn) needs a name");
    return flowHandle(bridge.defineFlow(name, options, fn, params), params);
  };
  g.unmapped = (value) => ({ __orion_unmapped__: true, value: value });
  /** Waits for all futures to reach a final state; returns their states. */
  g.waitFor = (...fs) => fs.flat().map(f => f.wait());
  g.sleep = (millis) => bridge.sleep(millis);
  const log = (...args) => bridge.log("INFO", args.map(String).join(" "));
  log.debug = (...args) => bridge.log("DEBUG", args.map(String).join(" "));
  log.info = log;
  log.warn = (...args) => bridge.log("WARN", args.map(String).join(" "));
  log.error = (...args) => bridge.log("ERROR", args.map(String).join(" "));
  g.log = log;
  /** Runs fn holding `slots` of the global concurrency limit `name` (waiting while it is full): concurrency("db", 1, () => ...). */
  g.concurrency = (name, slots, fn) => {
    if (typeof slots === "function") { fn = slots; slots = 1; }
    const held = bridge.occupy(String(name), slots === undefined ? 1 : slots);
    try { return fn(); } finally { held.close(); }
  };
  /** Waits for a slot of a rate limit (a limit with slot decay). */
  g.rateLimit = (name, slots) => bridge.rateLimit(String(name), slots === undefined ? 1 : slots);
  /** Artifacts of the run, as Prefect's: createMarkdownArtifact("# Done", { key: "report", description: "..." }) answers the id. */
  const opt = (o, name) => (o && o[name] !== undefined && o[name] !== null ? String(o[name]) : null);
  g.createMarkdownArtifact = (markdown, o) => String(bridge.markdownArtifact(String(markdown), opt(o, "key"), opt(o, "description")));
  /** A table: rows (objects or arrays) or an object of columns. */
  g.createTableArtifact = (table, o) => String(bridge.tableArtifact(table, opt(o, "key"), opt(o, "description")));
  g.createLinkArtifact = (link, o) =>
    String(bridge.linkArtifact(String(link), opt(o, "linkText"), opt(o, "key"), opt(o, "description")));
  /** A secret's value (orion secret set NAME); masked in the run's logs and results from then on. */
  g.secret = (name) => String(bridge.secret(String(name)));
  /** Variables set outside the flow (orion variable set NAME VALUE): variables.get("region", "us-east-1"). */
  g.variables = Object.freeze({
    get(name, defaultValue) {
      const value = bridge.variable(String(name));
      return value === null || value === undefined ? (defaultValue === undefined ? null : defaultValue) : String(value);
    },
  });
  /** The tasks and flows of another script (any language Orion runs), by name: const { clean } = importScript("./tasks.py"). */
  g.importScript = function (path) {
    const exported = {};
    const module = bridge.importScript(path);
    for (const t of module.tasks) exported[String(t.task.name())] = taskHandle(t.task, t.params);
    for (const f of module.flows) exported[String(f.flow.name())] = flowHandle(f.flow, f.params);
    return exported;
  };
  g.__orion_future = (hostFuture) => new Future(hostFuture);
})
