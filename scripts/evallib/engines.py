"""The engines under comparison. Each `run_*` returns ({qid: [docid, ...]}, [error lines])."""
import json
import re
import shutil
import sqlite3
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# wadi has a query language; every engine gets the same plain bag of words.
_SPECIAL = str.maketrans({c: ' ' for c in '"():*+-?,.;/\''})


def sanitize(query):
    return ' '.join(query.lower().translate(_SPECIAL).split())


def _docid(path):
    return Path(path).name.removesuffix('.txt')


def _parallel(fn, queries, workers=2):
    with ThreadPoolExecutor(workers) as pool:
        return dict(zip(queries, pool.map(fn, queries.values())))


def _split(results):
    run = {q: r for q, (r, _) in results.items()}
    errors = [f'query {q}: {e}' for q, (_, e) in results.items() if e]
    return run, errors


def run_wadi(bin_dir, db, docs_dir, queries, search_args=()):
    """Returns (None, [error]) if indexing fails."""
    # Rebuilt from scratch each run so index-time settings (env) take effect.
    shutil.rmtree(db, ignore_errors=True)
    try:
        idx = subprocess.run([str(bin_dir / 'index'), '--db', str(db), str(docs_dir)],
                             capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return None, ['index timed out after 600s']
    if idx.returncode != 0:
        return None, [f'index exited {idx.returncode}: {idx.stderr.strip()[-500:]}']

    def search(query):
        try:
            p = subprocess.run([str(bin_dir / 'search'), '--db', str(db), '--json', '--limit', '100',
                                *search_args, '--', query], capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return [], 'search timed out after 60s'
        if p.returncode == 1:                      # no hits
            return [], None
        if p.returncode != 0:
            return [], f'search exited {p.returncode}: {p.stderr.strip()[-300:]}'
        try:
            hits = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
            return [_docid(h['path']) for h in sorted(hits, key=lambda h: h['rank'])], None
        except (ValueError, KeyError, TypeError) as e:
            return [], f'bad JSON output ({e!r}): {p.stdout[:200]!r}'

    return _split(_parallel(search, queries))


def run_omega(db, docs_dir, queries):
    # Force text/plain rather than trusting libmagic; keep the two empty
    # Cranfield records instead of warning about them.
    subprocess.run(['omindex', '--db', str(db), '--url', '/', '--overwrite', '-M', 'txt:text/plain',
                    '--empty-docs=index', str(docs_dir)], check=True, capture_output=True)

    # quest's defaults are already the fair baseline: BM25, OR, English stemming
    # (stem-some) and its small built-in stopword list.
    def quest(query):
        p = subprocess.run(['quest', '-d', str(db), '-m', '100', query],
                           capture_output=True, text=True)
        if p.returncode != 0:
            return [], f'quest exited {p.returncode}: {p.stderr.strip()[-300:]}'
        return [_docid(m) for m in re.findall(r'^url=(.*)$', p.stdout, re.M)], None

    return _split(_parallel(quest, queries))


def run_fts5(db, docs, queries):
    if db.exists():
        db.unlink()
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(docid UNINDEXED, title, body, tokenize='porter')")
    con.executemany('INSERT INTO docs VALUES (?, ?, ?)', ((d, t, b) for d, (t, b) in docs.items()))
    con.commit()
    run = {}
    for qid, query in queries.items():
        # Quote every token so FTS5 syntax never applies; skip tokens like "&"
        # that the tokenizer would drop anyway (they become empty phrases).
        terms = [f'"{t}"' for t in query.split() if re.search(r'\w', t)]
        run[qid] = [r[0] for r in con.execute(
            'SELECT docid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 100',
            (' OR '.join(terms),))] if terms else []
    con.close()
    return run, []
