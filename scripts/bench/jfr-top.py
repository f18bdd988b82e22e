#!/usr/bin/env python3
"""Groups a JFR recording's execution samples of one thread by top frame and by the
methods on the stack. Usage: jfr-top.py FILE.jfr [THREAD] [N]   (default thread orion-store-writer)"""
import collections, os, re, subprocess, sys

path = sys.argv[1]
thread = sys.argv[2] if len(sys.argv) > 2 else "orion-store-writer"
top_n = int(sys.argv[3]) if len(sys.argv) > 3 else 15
jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")
out = subprocess.run([jfr, "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                     capture_output=True, text=True, check=True).stdout
top, inclusive, total = collections.Counter(), collections.Counter(), 0
for event in out.split("jdk.ExecutionSample {")[1:]:
    m = re.search(r'sampledThread = "([^"]*)"', event)
    if not m or m.group(1) != thread:
        continue
    frames = [re.sub(r"\s+line:.*$", "", f.strip()) for f in
              event.split("stackTrace = [", 1)[1].split("]\n", 1)[0].strip().splitlines()]
    frames = [f for f in frames if f and f != "..."]
    if not frames:
        continue
    total += 1
    top[frames[0]] += 1
    for f in set(frames):
        inclusive[f] += 1
print(f"{total} samples of thread {thread}")
print("top frames (self):")
for f, c in top.most_common(top_n):
    print(f"  {100.0 * c / total:5.1f} %  {f}")
print("on the stack (inclusive), dev.orion and JDBC frames:")
for f, c in inclusive.most_common():
    if top_n <= 0:
        break
    if f.startswith(("dev.orion", "org.sqlite", "org.postgresql", "java.util.concurrent")):
        print(f"  {100.0 * c / total:5.1f} %  {f}")
        top_n -= 1
