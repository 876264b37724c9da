"""Arrows point down only: each layer includes only itself and the layers it may use
(ARCHITECTURE.md, src/README.md). Prints the offending includes and fails if any."""
import os
import re
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
ALLOWED = {
    "util": set(),
    "calendar": {"util"},
    "policy": {"calendar", "util"},
    "domain": {"policy", "calendar", "util"},
    "measures": {"domain", "policy", "calendar", "util"},
    "app": {"measures", "domain", "policy", "calendar", "util"},
    "store/core": {"app", "measures", "domain", "policy", "calendar", "util"},
    "store/sqlite": {"store/core", "app", "measures", "domain", "policy", "calendar", "util"},
    "store/pg": {"store/core", "app", "measures", "domain", "policy", "calendar", "util"},
    "http": {"util"},
    "api": {"app", "http", "domain", "policy", "calendar", "util"},
    "web": {"app", "http", "domain", "policy", "calendar", "util"},
    "main": None,  # the composition root may use everything
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(path):
    rel = os.path.relpath(path, SRC).replace(os.sep, "/")
    for name in sorted(ALLOWED, key=len, reverse=True):
        if rel.startswith(name + "/"):
            return name
    return None


def main():
    bad, checked = [], 0
    for root, _, files in os.walk(SRC):
        for f in files:
            if not f.endswith((".h", ".cc")):
                continue
            path = os.path.join(root, f)
            layer = layer_of(path)
            if layer is None or ALLOWED[layer] is None:
                continue
            with open(path, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = layer_of(os.path.join(SRC, m.group(1)))
                    checked += 1
                    if target and target != layer and target not in ALLOWED[layer]:
                        bad.append(f"{os.path.relpath(path, SRC)}:{n}: {layer} may not use {target}")
    for b in bad:
        print(b)
    print(f"{checked - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
