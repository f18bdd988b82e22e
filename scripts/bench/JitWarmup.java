// Benchmark (issue #19): java ... JitWarmup.java js|python N RUNS times a guest loop of N iterations run after run on one engine.
import org.graalvm.polyglot.*;
/** Guest loops in one process, run after run: how long until the Graal JIT pays and its steady state (scripts/bench/jit.sh). */
public class JitWarmup {
  public static void main(String[] a) throws Exception {
    long t0 = System.nanoTime();
    String lang = a[0]; long n = Long.parseLong(a[1]); int reps = a.length > 2 ? Integer.parseInt(a[2]) : 1;
    Engine engine = Engine.newBuilder().allowExperimentalOptions(true).option("engine.WarnInterpreterOnly","false").build();
    System.out.println("engine impl: " + engine.getImplementationName() + " in " + (System.nanoTime()-t0)/1000000 + " ms");
    try (Context c = Context.newBuilder(lang).engine(engine).allowAllAccess(true).build()) {
      Value f;
      if (lang.equals("js")) f = c.eval("js", "(n) => { let s = 0; for (let i = 0; i < n; i++) s += (i * i) % 7; return s; }");
      else { c.eval("python", "def loop(n):\n    s = 0\n    for i in range(n):\n        s += i * i % 7\n    return s\n"); f = c.getBindings("python").getMember("loop"); }
      System.out.println("context ready at " + (System.nanoTime()-t0)/1000000 + " ms");
      for (int r = 0; r < reps; r++) {
        long t = System.nanoTime();
        Value v = f.execute(n);
        System.out.println("run " + r + ": " + (System.nanoTime()-t)/1000000 + " ms (result " + v + ")");
      }
    }
    System.out.println("total " + (System.nanoTime()-t0)/1000000 + " ms");
  }
}
