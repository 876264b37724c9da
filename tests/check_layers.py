"""The layers of ARCHITECTURE.md, checked: arrows point down only.

Rules, each printed with the file and line that breaks it:

1. Layers (src/). Each folder under src/ is a layer (the longest matching prefix of ALLOWED:
   src/web/reports/ is its own layer, src/store/core/ too). A quoted include in a layer names
   only a file of the same layer or of a layer its ALLOWED row lists. `main/` is the
   composition root and may use everything; it is the only layer whose row names a concrete
   store (store/sqlite, store/pg), so no other code in src/ names one; and inside main only
   backend.cc (openBackend) and main's tests do, by include or by database header.
2. CMake. A layer's library (charter_<layer> in src/<layer>/CMakeLists.txt) links only to the
   libraries of the layers its row lists: the build keeps the same arrows as the includes.
3. System headers (angle-bracket includes). Database client headers only in their store
   (<sqlite3.h> in store/sqlite, <libpq-fe.h> in store/pg), Boost.Beast/Asio and OpenSSL only
   in http; main may include any of them. So the core (util, calendar, policy, domain,
   measures, app, and store/core, which both stores share) includes no database, socket or
   HTTP header, nor do api and web, which reach the network through http's own types.
4. The wall clock. The core never reads it: no system_clock/steady_clock ::now(), time(),
   gettimeofday or clock_gettime in util, calendar, policy, domain, measures, app or store/core,
   except util/time.cc, which implements SystemTimeSource, the TimeSource main injects.
5. Test code under src/ (*_test.cc, test_support.h, *_test_*.{h,cc}: built into its layer's test
   binary, linked to that layer's library) keeps its layer's row, like the code it tests; and
   no production file includes a test file.
6. tests/, bench/ and fuzz/ are outside the layers and may use anything (a conformance suite
   names both stores; a benchmark opens SQLite directly). They must: include only project
   headers that exist (every quoted include in src/, tests/, bench/ and fuzz/ is checked so),
   and open with a comment or docstring saying what they test or measure.

Prints what it checked; exits non-zero on any violation.
"""
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SRC = os.path.join(ROOT, "src")
OUTSIDE = ("tests", "bench", "fuzz")

CORE = {"util", "calendar", "policy", "domain", "measures", "app"}
BELOW_APP = {"measures", "domain", "policy", "calendar", "util"}
ALLOWED = {
    "util": set(),
    "calendar": {"util"},
    "policy": {"calendar", "util"},
    "domain": {"policy", "calendar", "util"},
    "measures": {"domain", "policy", "calendar", "util"},
    "app": {"measures", "domain", "policy", "calendar", "util"},
    # What both stores share (dialect-neutral); names neither store.
    "store/core": {"app"} | BELOW_APP,
    "store/sqlite": {"store/core", "app"} | BELOW_APP,
    "store/pg": {"store/core", "app"} | BELOW_APP,
    # Email in: GMime and libxml2 read messages for app/mail_in.h's parser port.
    "mail": {"app"} | BELOW_APP,
    "http": {"util"},
    "api": {"app", "http"} | BELOW_APP,
    "web": {"app", "http"} | BELOW_APP,
    # The measures and reports pages: a part of web with its own library, built on web's pages.
    "web/reports": {"web", "app", "http"} | BELOW_APP,
    "main": None,  # the composition root may use everything
}
CORE_LAYERS = CORE | {"store/core"}
CONCRETE_STORE_NAMERS = {"main/backend.cc"}  # openBackend: the one place main opens a store
LIBRARY = {  # CMake library -> layer
    "charter_util": "util", "charter_pdf": "util", "charter_braille": "util",
    "charter_speech": "util", "charter_calendar": "calendar",
    "charter_policy": "policy", "charter_domain": "domain", "charter_measures": "measures",
    "charter_app": "app", "charter_store_core": "store/core",
    "charter_store_sqlite": "store/sqlite", "charter_store_pg": "store/pg",
    "charter_http": "http", "charter_api": "api", "charter_web": "web",
    "charter_web_reports": "web/reports", "charter_mail": "mail",
}
# System header prefix -> the layers that may include it (main may include anything).
SYSTEM_HEADERS = [
    ("sqlite3.h", {"store/sqlite"}),
    ("libpq-fe.h", {"store/pg"}),
    ("libpq/", {"store/pg"}),
    ("boost/beast", {"http"}),
    ("boost/asio", {"http"}),
    ("openssl/", {"http"}),
    ("gmime/", {"mail"}),
    ("libxml/", {"mail"}),
]
SOCKET_HEADERS = ("sys/socket.h", "netinet/", "arpa/inet.h", "netdb.h", "curl/")
WALL_CLOCK = re.compile(
    r"\b(system_clock|steady_clock|high_resolution_clock)::now\b|\bgettimeofday\s*\(|"
    r"\bclock_gettime\s*\(|(?<![\w.>:])time\s*\(\s*(nullptr|NULL|0)\s*\)|\bstd::time\s*\(")
# util/time.cc: the system TimeSource; store/core/case_sql.cc: when a migration was applied
# (bookkeeping of the schema, never a deadline).
# The clock's own home; a migration's applied-at stamp; the writer's batch timer (a steady
# clock for metrics, never a deadline).
WALL_CLOCK_EXEMPT = {"util/time.cc", "store/core/case_sql.cc", "store/core/group_commit.cc"}
QUOTED = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
ANGLED = re.compile(r"^\s*#\s*include\s+<([^>]+)>")
SOURCE_EXT = (".h", ".hpp", ".cc", ".cpp", ".inc")
HEADER_COMMENT = {".cc": "//", ".h": "//", ".mjs": "//", ".py": '"""', ".lua": "--", ".sh": "#"}


def rel(path):
    return os.path.relpath(path, ROOT).replace(os.sep, "/")


def layer_of(src_rel):
    """The layer of a path relative to src/, or None."""
    for name in sorted(ALLOWED, key=len, reverse=True):
        if src_rel.startswith(name + "/"):
            return name
    return None


def is_test_file(name):
    base = os.path.basename(name)
    return (base.endswith("_test.cc") or base == "test_support.h" or "_test_" in base)


def walk(top, exts):
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in ("corpus", "regressions", "node_modules"))
        for f in sorted(files):
            if f.endswith(exts):
                yield os.path.join(root, f)


def resolve(path, target):
    """The file a quoted include names: beside the includer, or under src/ (the include root);
    for a file under tests/, also under tests/ (tests/support's helpers)."""
    tests = os.path.join(os.path.dirname(SRC), "tests")
    roots = (os.path.dirname(path), SRC) + ((tests,) if path.startswith(tests + os.sep) else ())
    for base in roots:
        candidate = os.path.normpath(os.path.join(base, target))
        if os.path.isfile(candidate):
            return candidate
    return None


class Checker:
    def __init__(self):
        self.bad = []
        self.counts = {"files": 0, "includes": 0, "system": 0, "cmake": 0, "outside": 0}

    def fail(self, where, why):
        self.bad.append(f"{where}: {why}")

    def check_includes(self, path):
        """Rules 1, 3, 5 and 6 (existence) for one source file."""
        src_rel = os.path.relpath(path, SRC).replace(os.sep, "/")
        in_src = not src_rel.startswith("..")
        layer = layer_of(src_rel) if in_src else None
        row = ALLOWED.get(layer)
        testing = is_test_file(path)
        self.counts["files"] += 1
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        for n, line in enumerate(lines, 1):
            where = f"{rel(path)}:{n}"
            m = QUOTED.match(line)
            if m:
                self.counts["includes"] += 1
                target = resolve(path, m.group(1))
                if target is None:
                    self.fail(where, f'includes "{m.group(1)}", which does not exist')
                    continue
                trel = os.path.relpath(target, SRC).replace(os.sep, "/")
                if trel.startswith(".."):
                    if in_src:
                        self.fail(where, f"src/ includes {rel(target)} from outside src/")
                    continue
                if in_src and is_test_file(target) and not testing:
                    self.fail(where, f"production code includes the test file {trel}")
                tlayer = layer_of(trel)
                if (layer == "main" and tlayer in ("store/sqlite", "store/pg") and not testing
                        and src_rel not in CONCRETE_STORE_NAMERS):
                    self.fail(where, f"only main/backend.cc names a concrete store ({trel})")
                if row is not None and layer and tlayer and tlayer != layer and tlayer not in row:
                    kind = "test code in " if testing else ""
                    self.fail(where, f"{kind}{layer} may not use {tlayer} ({trel})")
                continue
            m = ANGLED.match(line)
            if (m and layer == "main" and not testing and src_rel not in CONCRETE_STORE_NAMERS
                    and m.group(1).startswith(("sqlite3.h", "libpq"))):
                self.fail(where, f"only main/backend.cc opens a database (<{m.group(1)}>)")
            if m and in_src and layer != "main" and layer is not None:
                self.counts["system"] += 1
                header = m.group(1)
                for prefix, owners in SYSTEM_HEADERS:
                    if header.startswith(prefix) and layer not in owners:
                        self.fail(where, f"<{header}> belongs to {', '.join(sorted(owners))}, "
                                         f"not {layer}")
                if layer in CORE_LAYERS and header.startswith(SOCKET_HEADERS):
                    self.fail(where, f"the core ({layer}) includes the socket header <{header}>")
        if in_src and layer in CORE_LAYERS and src_rel not in WALL_CLOCK_EXEMPT and not testing:
            for n, line in enumerate(lines, 1):
                code = line.split("//", 1)[0]
                if WALL_CLOCK.search(code):
                    self.fail(f"{rel(path)}:{n}", f"the core ({layer}) reads the wall clock; "
                                                  "take a TimeSource or a time argument")

    def check_cmake(self):
        """Rule 2: each layer library links only down."""
        for path in walk(SRC, ("CMakeLists.txt",)):
            text = re.sub(r"#[^\n]*", "", open(path, encoding="utf-8").read())
            for m in re.finditer(r"target_link_libraries\s*\(\s*(\S+)([^)]*)\)", text):
                lib = m.group(1)
                layer = LIBRARY.get(lib)
                if layer is None or ALLOWED[layer] is None:
                    continue
                for dep in re.findall(r"\bcharter_\w+", m.group(2)):
                    self.counts["cmake"] += 1
                    dlayer = LIBRARY.get(dep)
                    if dlayer is None:
                        self.fail(rel(path), f"{lib} links {dep}, which is no layer's library")
                    elif dlayer != layer and dlayer not in ALLOWED[layer]:
                        self.fail(rel(path), f"{lib} ({layer}) may not link {dep} ({dlayer})")

    def check_outside(self):
        """Rule 6: tests, benches and fuzz targets say what they test."""
        for top in OUTSIDE:
            for path in walk(os.path.join(ROOT, top), tuple(HEADER_COMMENT)):
                self.counts["outside"] += 1
                ext = os.path.splitext(path)[1]
                with open(path, encoding="utf-8") as fh:
                    first = [ln for ln in fh.read().split("\n")[:3] if not ln.startswith("#!")]
                if not first or not first[0].lstrip().startswith(HEADER_COMMENT[ext]):
                    self.fail(rel(path), "opens without a comment saying what it tests")

    def run(self):
        for top in ("src",) + OUTSIDE:
            for path in walk(os.path.join(ROOT, top), SOURCE_EXT):
                self.check_includes(path)
        self.check_cmake()
        self.check_outside()
        for b in self.bad:
            print(b)
        c = self.counts
        print(f"checked {c['files']} source files in src/, tests/, bench/, fuzz/: "
              f"{c['includes']} project includes, {c['system']} system includes in src/, "
              f"{c['cmake']} library links, {c['outside']} test/bench/fuzz files' opening "
              f"comments; {len(self.bad)} violations")
        return 1 if self.bad else 0


if __name__ == "__main__":
    sys.exit(Checker().run())
