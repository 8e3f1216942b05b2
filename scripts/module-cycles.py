#!/usr/bin/env python3
"""No two modules of a crate import each other, directly or around a longer loop.

Reads `use crate::…`, `use super::…` and `crate::…::` paths in every .rs file of the given
crates' src/ (test modules excluded) and reports each strongly connected group of modules.
A parent module and its own children are not counted as importing each other: a parent
declares and re-exports its children, and children use what their parent declares.

    python3 scripts/module-cycles.py crates/tether-core crates/tether-providers
"""
import os
import re
import sys


def modules(src):
    found = {}
    for dirpath, _, files in os.walk(src):
        for f in files:
            if f.endswith(".rs"):
                path = os.path.join(dirpath, f)
                parts = os.path.relpath(path, src)[:-3].split(os.sep)
                if parts[-1] in ("mod", "lib", "main"):
                    parts = parts[:-1]
                found["::".join(parts)] = path
    return found


def resolve(mods, current, path):
    segs = path.split("::")
    if segs[0] == "crate":
        base, segs = [], segs[1:]
    elif segs[0] in ("super", "self"):
        base = current.split("::") if current else []
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                base = base[:-1]
            segs = segs[1:]
    else:
        return None
    for i in range(len(segs), -1, -1):
        name = "::".join(base + segs[:i])
        if name in mods:
            return name
    return None


def imports(mods, name, path):
    text = re.split(r"#\[cfg\(test\)\]\s*mod tests", open(path).read())[0]
    found = set()
    for m in re.finditer(r"\buse\s+((?:crate|super|self)\b[^;]*);", text, re.S):
        body = " ".join(m.group(1).split())
        prefix, _, rest = body.partition("{")
        prefix = prefix.rstrip(": ")
        items = re.split(r",(?![^{]*\})", rest.rsplit("}", 1)[0]) if rest else [""]
        for item in items:
            item = item.strip().split(" as ")[0].split("{")[0].rstrip(": ")
            full = f"{prefix}::{item}" if item else prefix
            target = resolve(mods, name, full)
            if target:
                found.add(target)
    for m in re.finditer(r"\b((?:crate|super)(?:::[a-z_][a-z0-9_]*)+)::", text):
        target = resolve(mods, name, m.group(1))
        if target:
            found.add(target)
    found.discard(name)
    return found


def related(a, b):
    """A module and its own parent or child."""
    return a.startswith(b + "::") or b.startswith(a + "::") or a == "" or b == ""


def cycles(graph):
    """Tarjan's strongly connected components with more than one module."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


failed = False
for crate in sys.argv[1:]:
    src = os.path.join(crate, "src")
    mods = modules(src)
    graph = {
        name: {t for t in imports(mods, name, path) if not related(name, t)}
        for name, path in mods.items()
    }
    for group in cycles(graph):
        failed = True
        print(f"{crate}: these modules import each other: {', '.join(group)}")
if failed:
    sys.exit(1)
print("no module imports another that imports it back")
