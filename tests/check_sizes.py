"""Sizes in src/: no source file over 600 lines, no function over 80 lines.

A source file is a .h or .cc under src/; tests and their support code (*_test.cc,
test_support.h, *_test_*.{h,cc}) are aside. A file's size is its number of lines. A function's
size is the lines from the one holding its body's opening brace to the one holding its closing
brace, both counted; a lambda is part of the function it is written in, and a lambda written at
namespace or class scope, or inside a braced table there, is a function of its own.

The scanner reads C++ as braces: comments, string and character literals (raw strings too) and
preprocessor lines are blanked first; then each brace at namespace or class scope is classified
by the text before it since the last ';', '{' or '}': namespace, class, struct, union and
extern "C" blocks are scopes (looked inside), a '(' ... ')' signature (with any qualifiers,
trailing return type or constructor initialiser list) opens a function, and anything else
(enum bodies, braced initialisers, '= {...}' tables) is data, looked inside only for lambdas.

tests/size_allowlist.txt lists the violations still to fix, one per line:
    file PATH LINES
    function PATH NAME LINES
The check fails on a violation not listed, on a listed one that has grown beyond its LINES,
and on a listed one that no longer violates (delete its line): the list can only shrink.

    python3 tests/check_sizes.py [--write-allowlist]

--write-allowlist rewrites the list from the current violations (for reviewing a change, not
for hiding one). Prints what it checked; exits non-zero on any failure.
"""
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SRC = os.path.join(ROOT, "src")
ALLOWLIST = os.path.join(ROOT, "tests", "size_allowlist.txt")
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80


def is_test_file(name):
    base = os.path.basename(name)
    return base.endswith("_test.cc") or base == "test_support.h" or "_test_" in base


def blank(text):
    """The text with comments, literals and preprocessor lines blanked; newlines kept."""
    out, i, n = [], 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == "#":
            j = i
            while True:  # a directive, with its backslash continuations
                k = text.find("\n", j)
                if k < 0:
                    k = n
                    break
                if text[k - 1] != "\\":
                    break
                j = k + 1
            out.append("\n" * text.count("\n", i, k))
            i = k
            continue
        if c == "\n":
            at_line_start = True
            out.append(c)
            i += 1
            continue
        if not c.isspace():
            at_line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
            continue
        m = re.match(r'(?:u8|u|U|L)?R"([^(\s]{0,16})\(', text[i:i + 24])
        if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = ")" + m.group(1) + '"'
            j = text.find(end, i + len(m.group(0)))
            j = n if j < 0 else j + len(end)
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j
            continue
        if c == '"' or (c == "'" and not (i > 0 and text[i - 1].isalnum())):
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                if text[j] == "\\":
                    j += 1
                j += 1
            out.append('""')
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def strip_nested(s, open_ch, close_ch):
    """s without its (open_ch ... close_ch) groups, innermost first."""
    pat = re.compile(re.escape(open_ch) + r"[^" + re.escape(open_ch + close_ch) + r"]*"
                     + re.escape(close_ch))
    prev = None
    while prev != s:
        prev, s = s, pat.sub("\x00\x01", s)
    return s.replace("\x00\x01", open_ch + close_ch)


LAMBDA_TAIL = re.compile(r"(\s*(mutable|constexpr|consteval|noexcept|static))*\s*(->[^;{}]*)?\s*$")


def is_lambda(s):
    """Whether the text before a '{' ends in a lambda introducer: [captures](params) quals."""
    s = strip_nested(s, "(", ")")
    s = LAMBDA_TAIL.sub("", s.rstrip()) if "->" in s else re.sub(
        r"(\s*\b(mutable|constexpr|consteval|noexcept|static)\b)*\s*$", "", s)
    s = s.rstrip()
    if s.endswith("()"):
        s = s[:-2].rstrip()
    if not s.endswith("]"):
        return False
    s = strip_nested(s, "[", "]")[:-2].rstrip()
    return not s or not (s[-1].isalnum() or s[-1] in "_])") or s.endswith("return")


def classify(stmt):
    """'scope', 'function' or 'data' for a brace at namespace or class scope, with a name."""
    s = " ".join(stmt.split())
    s = re.sub(r"\[\[[^\]]*\]\]", "", s)  # attributes
    while re.search(r"\btemplate\s*<", s):  # template parameter lists
        start = re.search(r"\btemplate\s*<", s)
        depth, j = 0, start.end() - 1
        while j < len(s):
            depth += {"<": 1, ">": -1}.get(s[j], 0)
            j += 1
            if depth == 0:
                break
        s = s[:start.start()] + s[j:]
    s = s.strip()
    if re.search(r"\bnamespace\b", s) or re.search(r'\bextern\s*""\s*$', s):
        return "scope", ""
    if is_lambda(s):
        m = re.search(r"([\w:]+)\s*=\s*\[", s)
        return "function", (m.group(1) if m else "lambda")
    if re.match(r"^((typedef|static|inline|const|[\w:]+:)\s+)*(class|struct|union)\b", s):
        return "scope", ""
    if re.search(r"\benum\b", s):
        return "data", ""
    flat = re.sub(r"operator\s*(\(\)|[^\s\w(]+)", "operator", s)
    flat = strip_nested(strip_nested(flat, "(", ")"), "{", "}")
    depth0 = re.sub(r"<[^<>;{}()]*>", "", flat)
    if "=" in depth0.replace("==", "").replace("!=", "").replace("<=", "").replace(">=", ""):
        return "data", ""
    tail = re.sub(r"(\s*\b(const|noexcept|override|final|volatile)\b|\s*&&?)*\s*$", "", flat)
    trailing_return = re.search(r"\)[\w\s&]*->[^;]*$", flat)
    if trailing_return or tail.endswith(")") or (tail.endswith("}") and ":" in tail):
        m = re.search(r"(~?[\w:~]+)\s*\(\)", flat)
        return "function", (m.group(1) if m else "?")
    return "data", ""  # a braced initialiser: T x{...}, member{...}


def functions(text):
    """[(name, first_line, last_line)] of the functions in C++ source text."""
    text = blank(text)
    found = []
    stack = []  # [kind, start_line, name, stmt-before-this-block]
    stmt = ""  # text since the last boundary, in the innermost scope or data context
    line = 1
    for c in text:
        if c == "\n":
            line += 1
        kind = stack[-1][0] if stack else "scope"
        if kind == "inner":
            if c == "{":
                stack.append(["inner", line, "", ""])
            elif c == "}":
                stack.pop()
            continue
        if kind == "function":
            if c == "{":
                stack.append(["inner", line, "", ""])
            elif c == "}":
                _, start, name, saved = stack.pop()
                found.append((name, start, line))
                stmt = "" if not stack or stack[-1][0] == "scope" else saved + "{}"
            continue
        # scope or data context
        if c == "{":
            if kind == "scope":
                new_kind, name = classify(stmt)
            else:
                new_kind, name = ("function", "lambda") if is_lambda(stmt) else ("data", "")
            stack.append([new_kind, line, name, stmt])
            stmt = ""
        elif c == "}":
            if not stack:
                continue  # unbalanced (a brace inside an #if branch); ignore
            closed, _, _, saved = stack.pop()
            stmt = "" if closed == "scope" else saved + "{}"
        elif c == ";":
            stmt = ""
        else:
            stmt += c
    return found


def current_violations():
    files = functions_checked = 0
    violations = {}  # key -> (lines, description)
    for root, dirs, names in os.walk(SRC):
        dirs.sort()
        for f in sorted(names):
            if not f.endswith((".h", ".cc")) or is_test_file(f):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, ROOT).replace(os.sep, "/")
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            files += 1
            n = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
            if n > MAX_FILE_LINES:
                violations[("file", rel, "")] = (n, f"{rel}: {n} lines")
            for name, first, last in functions(text):
                functions_checked += 1
                size = last - first + 1
                if size > MAX_FUNCTION_LINES:
                    key = ("function", rel, name)
                    prev = violations.get(key)
                    if prev is None or prev[0] < size:
                        violations[key] = (size, f"{rel}:{first}: {name}, {size} lines")
    return files, functions_checked, violations


def read_allowlist():
    allowed = {}
    if not os.path.exists(ALLOWLIST):
        return allowed
    with open(ALLOWLIST, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            parts = raw.split("#", 1)[0].split()
            if not parts:
                continue
            if parts[0] == "file" and len(parts) == 3:
                allowed[("file", parts[1], "")] = (int(parts[2]), n)
            elif parts[0] == "function" and len(parts) == 4:
                allowed[("function", parts[1], parts[2])] = (int(parts[3]), n)
            else:
                raise SystemExit(f"{ALLOWLIST}:{n}: expected 'file PATH LINES' or "
                                 f"'function PATH NAME LINES'")
    return allowed


def write_allowlist(violations):
    with open(ALLOWLIST, "w", encoding="utf-8") as fh:
        fh.write("# Size violations in src/ still to fix (tests/check_sizes.py): a file over "
                 f"{MAX_FILE_LINES} lines,\n# a function over {MAX_FUNCTION_LINES} lines. "
                 "Delete a line once it is fixed; never add one.\n")
        for key in sorted(violations):
            kind, path, name = key
            size = violations[key][0]
            fh.write(f"file {path} {size}\n" if kind == "file"
                     else f"function {path} {name} {size}\n")


def main(argv):
    files, checked, violations = current_violations()
    if "--write-allowlist" in argv:
        write_allowlist(violations)
        print(f"wrote {len(violations)} entries to {os.path.relpath(ALLOWLIST, ROOT)}")
        return 0
    allowed = read_allowlist()
    bad = []
    for key, (size, what) in sorted(violations.items()):
        limit = MAX_FILE_LINES if key[0] == "file" else MAX_FUNCTION_LINES
        if key not in allowed:
            bad.append(f"{what} (over {limit}; split it)")
        elif size > allowed[key][0]:
            bad.append(f"{what}: grew beyond the {allowed[key][0]} lines the allow-list "
                       "accepts (split it)")
        else:
            print(f"allowed: {what} (size_allowlist.txt:{allowed[key][1]})")
    for key, (size, n) in sorted(allowed.items(), key=lambda kv: kv[1][1]):
        if key not in violations:
            what = key[1] + (f" {key[2]}" if key[2] else "")
            bad.append(f"size_allowlist.txt:{n}: {what} is within the limit now; delete the line")
    for b in bad:
        print("FAIL " + b)
    print(f"checked {files} files and {checked} functions in src/ (tests aside) against "
          f"{MAX_FILE_LINES} lines a file and {MAX_FUNCTION_LINES} a function: "
          f"{len(violations)} over, {len(allowed)} allowed, {len(bad)} failures")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
