"""The second process of ``search.sqlite.ranking``, run as a script (``python _rank_server.py INDEX``): it
imports nothing but the standard library, so it starts in milliseconds and never re-runs the
program that started it.

Protocol, one JSON line each way: ``[expr, lo, hi, generation]`` → ``[rowids, scores]`` (the joined
strings of ``BM25`` below, which ``search.sqlite.ranking`` runs on the other half), or ``null`` if the
index is no longer at that generation. It writes ``"ready"`` once its connection is open, and ends when its input does.
"""
import json
import sqlite3
import sys

BM25 = ("SELECT group_concat(rowid), group_concat(s) FROM (SELECT rowid, bm25(docs_fts, 5.0, 1.0) AS s "
        "FROM docs_fts WHERE docs_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT -1)")  # LIMIT: bm25 in a subquery


def main(path: str) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    out = sys.stdout
    out.write('"ready"\n')
    out.flush()
    for line in sys.stdin:
        expr, lo, hi, generation = json.loads(line)
        answer = None
        try:
            conn.execute("BEGIN")
            row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
            if (int(row[0]) if row else 0) == generation:
                answer = list(conn.execute(BM25, (expr, lo, hi)).fetchone())
            conn.execute("COMMIT")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    main(sys.argv[1])
