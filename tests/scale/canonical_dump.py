#!/usr/bin/env python3
"""Canonical text dump of a mapsleuth batch database (docs/batch.md "Canonical dump").

    python3 canonical_dump.py DB.sqlite [--without ID...]  > dump.txt

Two databases hold the same results exactly when their dumps are byte-identical. The dump lists
`PRAGMA user_version`, then every table in name order with its columns in declared order and its
rows in primary-key order, one JSON array per row. Left out, because they record how a run went
rather than what an input holds (and so differ after a kill -9 and a resume): the columns
inputs.attempts, inputs.crashes, inputs.started_at and inputs.finished_at. Nothing else is.

Python 3 standard library only (the sqlite3 module, not the sqlite3 program).
"""
import json
import sqlite3
import sys

VOLATILE = {("inputs", "attempts"), ("inputs", "crashes"), ("inputs", "started_at"),
            ("inputs", "finished_at")}


def connect(path):
    # Read-only (mode=ro) would fail on a WAL database whose -shm is missing after a kill -9;
    # a plain connection recovers the WAL like the tool does and writes nothing else.
    return sqlite3.connect(path, timeout=30)


def dump(path, without=()):
    """Returns the canonical dump of the database at `path` as bytes; `without` lists input ids
    whose rows are left out of every table."""
    con = connect(path)
    try:
        lines = ["user_version %d" % con.execute("PRAGMA user_version").fetchone()[0]]
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        skip = set(without)
        for table in tables:
            info = con.execute("PRAGMA table_info(%s)" % table).fetchall()
            cols = [c[1] for c in info if (table, c[1]) not in VOLATILE]
            pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5] > 0]
            key_col = "id" if table == "inputs" else ("input_id" if "input_id" in cols else None)
            lines.append("table %s(%s)" % (table, ", ".join(cols)))
            sql = "SELECT %s FROM %s ORDER BY %s" % (
                ", ".join('"%s"' % c for c in cols), table, ", ".join('"%s"' % c for c in pk))
            for row in con.execute(sql):
                if key_col is not None and row[cols.index(key_col)] in skip:
                    continue
                lines.append(json.dumps(list(row), ensure_ascii=True, separators=(",", ":")))
        return ("\n".join(lines) + "\n").encode("ascii")
    finally:
        con.close()


def integrity(path):
    """`PRAGMA integrity_check` of the database: "ok" or SQLite's list of problems."""
    con = connect(path)
    try:
        return "\n".join(r[0] for r in con.execute("PRAGMA integrity_check"))
    finally:
        con.close()


def main():
    args = sys.argv[1:]
    if not args:
        sys.stderr.write("usage: canonical_dump.py DB.sqlite [--without ID...]\n")
        return 2
    without = args[2:] if len(args) > 1 and args[1] == "--without" else []
    sys.stdout.buffer.write(dump(args[0], without))
    return 0


if __name__ == "__main__":
    sys.exit(main())
