"""Readers for the test collections in ../shared/data: the classic SMART-format
ones (Cranfield, CISI, MEDLARS: long questions) and Reuters-21578's topics read
as short news queries."""
import hashlib
import importlib.machinery
import importlib.util
import re
from pathlib import Path

SCRIPTS = Path(__file__).absolute().parent.parent

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


def _smart(docs_f, qry_f, rel_f, read_qrels, by_position):
    """A loader for a SMART-format collection; by_position: the qrels number
    queries 1..n in file order instead of by their .I."""
    def load(data_dir):
        docs = {rid: (' '.join(f.get('T', '').split()), f.get('W', ''))
                for rid, f in read_records(Path(data_dir, docs_f))}
        # Only the request text (.W) is the query; some CISI queries also carry
        # .T/.A/.B of a source paper, which we leave out.
        queries = {}
        for pos, (rid, f) in enumerate(read_records(Path(data_dir, qry_f)), 1):
            queries[str(pos) if by_position else rid] = ' '.join(f.get('W', '').split())
        return docs, queries, read_qrels(Path(data_dir, rel_f))
    return load


def reuters_converter():
    """scripts/reuters-convert as a module (its name has a dash and no .py)."""
    path = str(SCRIPTS / 'reuters-convert')
    loader = importlib.machinery.SourceFileLoader('reuters_convert', path)
    spec = importlib.util.spec_from_loader('reuters_convert', loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


# A subject code's name in Reuters' own list: "Interest Rates (INTEREST)", or
# the bare code for most commodities ("COFFEE", "IRON-STEEL").
_NAMED_CODE = re.compile(r'^(.+?)\s*\(([A-Z][A-Z-]*)\)\s*$')
_BARE_CODE = re.compile(r'^([A-Z][A-Z-]*)\s*$')
MIN_RELEVANT = 10


def _topic_names(path):
    """{topic code: the words a reader would type for it}, from the subject-code
    part of cat-descriptions (it ends where the organization codes begin)."""
    names = {}
    for line in Path(path).read_text(encoding='latin-1').splitlines():
        if line.startswith('@heading'):
            break
        if m := _NAMED_CODE.match(line.strip()):
            names[m.group(2).lower()] = m.group(1).replace('/', ' ')
        elif m := _BARE_CODE.match(line.strip()):
            names[m.group(1).lower()] = m.group(1).lower().replace('-', ' ')
    return names


def _reuters(data_dir):
    """Reuters-21578's categorized stories (TOPICS="YES") as documents; each
    topic with at least MIN_RELEVANT stories is a query, its words taken from
    the collection's category list (2-4 words: the short queries a journalist
    types), and the stories an editor filed under it are its relevant ones.
    Stories repeated verbatim are kept once (wadi indexes a repeat once)."""
    root = Path(data_dir, 'reuters21578')
    names = _topic_names(root / 'cat-descriptions_120396.txt')
    docs, seen, relevant = {}, set(), {}
    for s in reuters_converter().iter_stories(str(root)):
        if not s['categorized'] or (s['title'], s['body']) in seen:
            continue
        seen.add((s['title'], s['body']))
        docid = str(s['newid'])
        docs[docid] = (s['title'], s['body'])
        for topic in s['topics']:
            relevant.setdefault(topic, {})[docid] = 1
    qrels = {t: rels for t, rels in relevant.items()
             if len(rels) >= MIN_RELEVANT and t in names}
    return docs, {t: names[t] for t in qrels}, qrels


COLLECTIONS = {
    'cranfield': _smart('cranfield/cran.all.1400', 'cranfield/cran.qry', 'cranfield/cranqrel',
                        _qrels_cranfield, True),
    'cisi': _smart('cisi/CISI.ALL', 'cisi/CISI.QRY', 'cisi/CISI.REL', _qrels_binary(0, 1), False),
    'med': _smart('med/MED.ALL', 'med/MED.QRY', 'med/MED.REL', _qrels_binary(0, 2), False),
    'reuters-topics': _reuters,
}


SHORT_QUERY_WORDS = 4


def reuters_half(qid):
    """'tuning' or 'held-out': Reuters' topic queries split in two by a hash of
    the topic code (32 and 35 of the 67), fixed so that a default chosen on
    the tuning half is reported on queries it was not chosen on."""
    return ('tuning', 'held-out')[int(hashlib.md5(qid.encode()).hexdigest(), 16) % 2]


def query_subsets(name, queries):
    """{subset name: [qid, ...]} reported beside a collection's whole: Reuters'
    tuning and held-out halves, and short (up to SHORT_QUERY_WORDS words) and
    long queries where a collection has both."""
    subsets = {}
    if name == 'reuters-topics':
        for q in queries:
            subsets.setdefault(f'{reuters_half(q)} half', []).append(q)
    short = [q for q, text in queries.items() if len(text.split()) <= SHORT_QUERY_WORDS]
    if 0 < len(short) < len(queries):
        subsets[f'short (<= {SHORT_QUERY_WORDS} words)'] = short
        subsets['long'] = [q for q in queries if q not in short]
    return subsets


def load(data_dir, name):
    """Return (docs {docid: (title, body)}, queries {qid: text}, qrels {qid: {docid: gain}})."""
    return COLLECTIONS[name](data_dir)


def write_articles(docs, out_dir):
    """One <docid>.txt per document: title line, blank line, body."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for docid, (title, body) in docs.items():
        text = f'{title}\n\n{body}\n' if title else f'{body}\n'
        (out_dir / f'{docid}.txt').write_text(text)
