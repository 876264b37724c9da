"""docs/citus.md as a test, where it can be one without Citus: the schema as the migrations
leave it (read from the databases' own catalogs, SQLite always and PostgreSQL when
CHARTER_PG_DSN is set) and the SQL the stores send (read from src/store).

1. Every table's primary key starts with landlord_id (the distribution column), except the
   tables listed in KEY_EXCEPTIONS with the reason docs/citus.md gives.
2. Every unique key and unique index includes landlord_id (Citus enforces a unique key only
   when it holds the distribution column), except those in UNIQUE_EXCEPTIONS (the landlord's
   slug), and landlord_id is BIGINT on PostgreSQL.
3. Every foreign key includes landlord_id on both sides, matched to each other (co-located).
4. No statement crosses landlords: every FROM or JOIN of a table in the stores' SQL (src/store,
   column-list macros expanded) comes with a landlord_id filter, except those listed in
   CROSSING_STATEMENTS, each with its reason.
"""
import glob
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

# Tables whose primary key does not start with landlord_id, and why (docs/citus.md).
KEY_EXCEPTIONS = {
    "schema_migrations": "the migrations' own record: a local table on the coordinator",
}

# Unique keys without landlord_id, and why (docs/citus.md, "What would change"). Citus cannot
# enforce these on a distributed table.
UNIQUE_EXCEPTIONS = {
    ("landlords", ("slug",)): "a landlord's slug is unique across the installation (it names "
                              "the landlord in URLs and on the command line): on Citus either "
                              "landlords becomes a reference table or the slug's uniqueness is "
                              "checked by `charter landlord add` under a lock",
}

# Statements that do not filter on a landlord, by a piece of their text, and why. A statement
# here must still exist (so the list cannot go stale).
CROSSING_STATEMENTS = {
    "FROM landlords l LEFT JOIN landlord_policies p ON p.landlord_id = l.landlord_id":
        "the directory of landlords, read at start-up (LandlordRegistry) and by the outbox "
        "sender to visit each landlord in turn",
    "SELECT coalesce(max(landlord_id), 0) FROM landlords":
        "allocating a new landlord's id (charter landlord add)",
    "FROM landlords WHERE slug = ?1":
        "SQLite only: charter migrate-data finds the landlord to copy by its slug",
    "FROM case_search WHERE rowid BETWEEN":
        "SQLite only: the full-text index is one FTS5 table whose rowids are ranged by "
        "landlord (the BETWEEN is the landlord filter)",
    "SELECT count(*) FROM schema_migrations": "the migrations' own record",
    "FROM sqlite_master": "SQLite's catalog",
    "SELECT count(*) FROM cases":
        "a history import sizes the whole table (every landlord's rows share its indexes) to "
        "decide whether dropping and rebuilding the indexes is cheaper (docs/imports.md)",
    "FROM pg_index x JOIN pg_class i": "PostgreSQL's catalog (the indexes a large import rebuilds)",
}

STORE_DIRS = ("src/store/core", "src/store/pg", "src/store/sqlite")


def migrated_sqlite(directory):
    path = os.path.join(directory, "schema.db")
    harness.api_token(path)  # opening a store runs every migration
    return path


class SqliteSchema:
    """The catalog of a SQLite file: tables, keys, unique indexes and foreign keys."""

    def __init__(self, path):
        self.db = sqlite3.connect(path)

    def tables(self):
        rows = self.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                               "AND name NOT LIKE 'sqlite_%'").fetchall()
        virtual = [n for n, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
        # A virtual table (FTS5) and its shadow tables are SQLite's own, not part of the design.
        return sorted(n for n, _ in rows
                      if not any(n == v or n.startswith(v + "_") for v in virtual))

    def primary_key(self, table):
        cols = self.db.execute(f"PRAGMA table_info({table})").fetchall()
        return [c[1] for c in sorted((c for c in cols if c[5] > 0), key=lambda c: c[5])]

    def columns(self, table):
        return {c[1]: c[2].upper() for c in self.db.execute(f"PRAGMA table_info({table})")}

    def unique_keys(self, table):
        out = []
        for idx in self.db.execute(f"PRAGMA index_list({table})").fetchall():
            if idx[2]:  # unique
                out.append((idx[1], [c[2] for c in self.db.execute(f"PRAGMA index_info({idx[1]})")]))
        return out

    def foreign_keys(self, table):
        by_id = {}
        for row in self.db.execute(f"PRAGMA foreign_key_list({table})").fetchall():
            by_id.setdefault(row[0], (row[2], []))[1].append((row[3], row[4]))
        return list(by_id.values())  # [(parent, [(child column, parent column)])]


class PgSchema:
    """The catalog of a PostgreSQL database (public schema), through psql."""

    def __init__(self, dsn):
        self.dsn = dsn

    def rows(self, sql):
        out = harness.psql(sql, self.dsn)
        return [line.split("|") for line in out.splitlines() if line]

    @staticmethod
    def names(attnums, rel):
        return (f"array_to_string(array(SELECT a.attname FROM unnest({attnums}) WITH ORDINALITY "
                f"k(n, o) JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.n "
                f"ORDER BY k.o), ',')")

    def tables(self):
        return sorted(r[0] for r in self.rows(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"))

    def primary_keys(self):
        return {r[0]: r[1].split(",") for r in self.rows(
            f"SELECT c.conrelid::regclass::text, {self.names('c.conkey', 'c.conrelid')} "
            "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = 'public' AND c.contype = 'p'")}

    def unique_indexes(self):
        return [(r[0], r[1], r[2].split(",")) for r in self.rows(
            f"SELECT t.relname, ic.relname, {self.names('i.indkey::int2[]', 'i.indrelid')} "
            "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
            "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE n.nspname = 'public' AND i.indisunique")]

    def foreign_keys(self):
        return [(r[0], r[1], r[2].split(","), r[3].split(",")) for r in self.rows(
            f"SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, "
            f"{self.names('c.conkey', 'c.conrelid')}, {self.names('c.confkey', 'c.confrelid')} "
            "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = 'public' AND c.contype = 'f'")]

    def landlord_id_types(self):
        return {r[0]: r[1] for r in self.rows(
            "SELECT table_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' AND column_name = 'landlord_id'")}


class SchemaOnSqlite(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.schema = SqliteSchema(migrated_sqlite(cls.tmp.name))

    @classmethod
    def tearDownClass(cls):
        cls.schema.db.close()
        cls.tmp.cleanup()

    def test_every_primary_key_starts_with_landlord_id(self):
        tables = self.schema.tables()
        self.assertIn("cases", tables)
        wrong = {t: self.schema.primary_key(t) for t in tables
                 if t not in KEY_EXCEPTIONS and self.schema.primary_key(t)[:1] != ["landlord_id"]}
        self.assertEqual(wrong, {}, "primary keys that do not start with landlord_id")
        for t in KEY_EXCEPTIONS:
            self.assertIn(t, tables, "an exception for a table that no longer exists")

    def test_every_unique_key_holds_landlord_id(self):
        wrong = [(t, name, cols) for t in self.schema.tables() if t not in KEY_EXCEPTIONS
                 for name, cols in self.schema.unique_keys(t)
                 if "landlord_id" not in cols and (t, tuple(cols)) not in UNIQUE_EXCEPTIONS]
        self.assertEqual(wrong, [])
        for t, cols in UNIQUE_EXCEPTIONS:
            self.assertIn(list(cols), [c for _, c in self.schema.unique_keys(t)],
                          "an exception for a unique key that no longer exists")

    def test_every_foreign_key_is_co_located(self):
        checked = 0
        for t in self.schema.tables():
            for parent, pairs in self.schema.foreign_keys(t):
                checked += 1
                self.assertIn(("landlord_id", "landlord_id"), pairs, (t, parent, pairs))
        self.assertGreater(checked, 0)


@unittest.skipUnless(harness.PG_DSN, "CHARTER_PG_DSN is not set")
class SchemaOnPostgres(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dsn = harness.new_pg_database("citus")
        harness.api_token(cls.dsn)  # runs the migrations
        cls.schema = PgSchema(cls.dsn)

    @classmethod
    def tearDownClass(cls):
        harness.drop_pg_database(cls.dsn)

    def test_every_primary_key_starts_with_landlord_id(self):
        tables = self.schema.tables()
        keys = self.schema.primary_keys()
        self.assertIn("cases", tables)
        wrong = {t: keys.get(t) for t in tables
                 if t not in KEY_EXCEPTIONS and (keys.get(t) or [None])[0] != "landlord_id"}
        self.assertEqual(wrong, {}, "tables whose primary key does not start with landlord_id")

    def test_every_unique_index_holds_landlord_id(self):
        wrong = [u for u in self.schema.unique_indexes()
                 if u[0] not in KEY_EXCEPTIONS and "landlord_id" not in u[2]
                 and (u[0], tuple(u[2])) not in UNIQUE_EXCEPTIONS]
        self.assertEqual(wrong, [])

    def test_every_foreign_key_is_co_located(self):
        fks = self.schema.foreign_keys()
        self.assertGreater(len(fks), 0)
        for child, parent, cols, parent_cols in fks:
            self.assertIn(("landlord_id", "landlord_id"), list(zip(cols, parent_cols)),
                          (child, parent))

    def test_landlord_id_is_bigint_everywhere(self):
        types = self.schema.landlord_id_types()
        missing = [t for t in self.schema.tables() if t not in KEY_EXCEPTIONS and t not in types]
        self.assertEqual(missing, [], "tables without a landlord_id column")
        self.assertEqual({t: ty for t, ty in types.items() if ty != "bigint"}, {})


# --- the statements ---------------------------------------------------------------------------
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
DEFINE = re.compile(r'#define\s+(\w+)\s*\\?\s*\n?((?:\s*"(?:[^"\\\n]|\\.)*"\s*\\?\s*\n?)+)')
TABLE_REF = re.compile(r"\b(?:FROM|JOIN)\s+([a-z_]+)\b", re.I)
FILTER = re.compile(r"landlord_id\s*(?:=|\bIN\b)|USING\s*\(\s*landlord_id", re.I)
NOT_TABLES = {"stdin"}


def statements(text):
    """The SQL strings of a C++ file: adjacent literals joined, column macros expanded."""
    text = re.sub(r"//[^\n]*", "", text)
    macros = DEFINE.findall(text)
    text = re.sub(r"#undef\s+\w+", "", DEFINE.sub("\n", text))
    for name, body in macros:
        joined = "".join(LITERAL.findall(body))
        text = re.sub(rf"\b{name}\b(?!\s*\\)", '"' + joined.replace("\\", "\\\\") + '"', text)
    out, current, last_end = [], None, None
    for m in LITERAL.finditer(text):
        between = text[last_end:m.start()] if last_end is not None else None
        if current is not None and between is not None and re.fullmatch(r"[\s\\]*", between):
            current += m.group(1)
        else:
            if current is not None:
                out.append(current)
            current = m.group(1)
        last_end = m.end()
    if current is not None:
        out.append(current)
    return out


def crossing(sql):
    """True when `sql` reads more tables than it filters by landlord (CTE names aside)."""
    ctes = {n.lower() for n in re.findall(r"\b(\w+)\s+AS\s*\(", sql, re.I)}
    refs = [t for t in TABLE_REF.findall(sql) if t.lower() not in ctes | NOT_TABLES]
    return bool(refs) and len(FILTER.findall(sql)) < len(refs)


class Statements(unittest.TestCase):
    def test_no_statement_crosses_landlords(self):
        seen, crossings = 0, []
        for d in STORE_DIRS:
            for path in sorted(glob.glob(os.path.join(harness.SOURCE_DIR, d, "*.cc"))):
                if path.endswith("_test.cc"):
                    continue
                with open(path, encoding="utf-8") as f:
                    for sql in statements(f.read()):
                        if not TABLE_REF.search(sql) or not re.search(
                                r"\b(SELECT|UPDATE|DELETE|INSERT)\b", sql):
                            continue
                        seen += 1
                        if crossing(sql):
                            crossings.append((os.path.relpath(path, harness.SOURCE_DIR), sql))
        self.assertGreater(seen, 80, "the scan found too few statements to mean anything")
        unexplained = [c for c in crossings
                       if not any(piece in c[1] for piece in CROSSING_STATEMENTS)]
        self.assertEqual(unexplained, [], "statements without a landlord filter")
        stale = [p for p in CROSSING_STATEMENTS if not any(p in c[1] for c in crossings)]
        self.assertEqual(stale, [], "listed crossings that no statement makes any more")

    def test_the_scan_sees_a_crossing(self):
        self.assertTrue(crossing("SELECT * FROM cases WHERE case_id = $1"))
        self.assertTrue(crossing("SELECT * FROM cases c JOIN clocks k ON k.case_id = c.case_id "
                                 "WHERE c.landlord_id = $1"))
        self.assertFalse(crossing("SELECT * FROM cases c JOIN clocks k USING (landlord_id, "
                                  "case_id) WHERE c.landlord_id = $1"))
        self.assertFalse(crossing("WITH x AS (SELECT 1 FROM events WHERE landlord_id = $1) "
                                  "SELECT * FROM x"))
        joined = statements('#define COLS "SELECT a, b " \\\n  "FROM cases "\n'
                            'constexpr Sql k{"k", COLS "WHERE landlord_id = $1"};')
        self.assertIn("SELECT a, b FROM cases WHERE landlord_id = $1", joined)


if __name__ == "__main__":
    sys.argv = sys.argv[:1] + sys.argv[2:]
    harness.run(__name__)
