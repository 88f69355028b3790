"""Readers for the classic SMART-format test collections in ../shared/data."""
import re
from pathlib import Path

RECORD = re.compile(r'^\.I\s+(\S+)')
FIELD = re.compile(r'^\.([A-Z])\s*$')


def read_records(path):
    """Yield (id, {field letter: text}) for each `.I` record. Repeated fields are
    concatenated (one Cranfield record has two .W sections)."""
    rid, fields, cur = None, {}, None
    for line in Path(path).read_text(encoding='latin-1').splitlines():
        line = line.rstrip('\r')
        if m := RECORD.match(line):
            if rid is not None:
                yield rid, {k: '\n'.join(v).strip() for k, v in fields.items()}
            rid, fields, cur = m.group(1), {}, None
        elif m := FIELD.match(line):
            cur = m.group(1)
            fields.setdefault(cur, [])
        elif cur is not None:
            fields[cur].append(line)
    if rid is not None:
        yield rid, {k: '\n'.join(v).strip() for k, v in fields.items()}


def _qrels_cranfield(path):
    # Queries are numbered by position (1..225), not by their .I; grade 1 is
    # best, -1 means "not judged". Gain 2^g - 1 with g = 5 - grade.
    qrels = {}
    for line in Path(path).read_text().split('\n'):
        if line.split():
            q, d, grade = line.split()[:3]
            if 1 <= int(grade) <= 4:
                qrels.setdefault(q, {})[d] = 2 ** (5 - int(grade)) - 1
    return qrels


def _qrels_binary(qcol, dcol):
    def read(path):
        qrels = {}
        for line in Path(path).read_text().split('\n'):
            cols = line.split()
            if cols:
                qrels.setdefault(cols[qcol], {})[cols[dcol]] = 1
        return qrels
    return read


# name: (docs file, queries file, qrels file, qrels reader, queries keyed by position?)
COLLECTIONS = {
    'cranfield': ('cranfield/cran.all.1400', 'cranfield/cran.qry', 'cranfield/cranqrel',
                  _qrels_cranfield, True),
    'cisi': ('cisi/CISI.ALL', 'cisi/CISI.QRY', 'cisi/CISI.REL', _qrels_binary(0, 1), False),
    'med': ('med/MED.ALL', 'med/MED.QRY', 'med/MED.REL', _qrels_binary(0, 2), False),
}


def load(data_dir, name):
    """Return (docs {docid: (title, body)}, queries {qid: text}, qrels {qid: {docid: gain}})."""
    docs_f, qry_f, rel_f, read_qrels, by_position = COLLECTIONS[name]
    docs = {rid: (' '.join(f.get('T', '').split()), f.get('W', ''))
            for rid, f in read_records(Path(data_dir, docs_f))}
    # Only the request text (.W) is the query; some CISI queries also carry
    # .T/.A/.B of a source paper, which we leave out.
    queries = {}
    for pos, (rid, f) in enumerate(read_records(Path(data_dir, qry_f)), 1):
        queries[str(pos) if by_position else rid] = ' '.join(f.get('W', '').split())
    return docs, queries, read_qrels(Path(data_dir, rel_f))


def write_articles(docs, out_dir):
    """One <docid>.txt per document: title line, blank line, body."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for docid, (title, body) in docs.items():
        text = f'{title}\n\n{body}\n' if title else f'{body}\n'
        (out_dir / f'{docid}.txt').write_text(text)
