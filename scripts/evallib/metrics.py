"""MAP@100, P@10 and nDCG@10 over a run {qid: [docid, ...]} and qrels {qid: {docid: gain}}."""
import math


def average_precision(ranked, rels, depth=100):
    hits, total = 0, 0.0
    for i, d in enumerate(ranked[:depth], 1):
        if rels.get(d, 0) > 0:
            hits += 1
            total += hits / i
    n_rel = sum(1 for g in rels.values() if g > 0)
    return total / n_rel if n_rel else 0.0


def precision(ranked, rels, k=10):
    return sum(1 for d in ranked[:k] if rels.get(d, 0) > 0) / k


def ndcg(ranked, rels, k=10):
    dcg = sum(rels.get(d, 0) / math.log2(i + 1) for i, d in enumerate(ranked[:k], 1))
    ideal = sorted((g for g in rels.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 1) for i, g in enumerate(ideal, 1))
    return dcg / idcg if idcg else 0.0


METRICS = {'MAP@100': average_precision, 'P@10': precision, 'nDCG@10': ndcg}


def evaluate(run, qrels):
    """Mean of each metric over every judged query; an unanswered query scores 0."""
    judged = [q for q, rels in qrels.items() if any(g > 0 for g in rels.values())]
    return {name: sum(f(run.get(q, []), qrels[q]) for q in judged) / len(judged)
            for name, f in METRICS.items()}
