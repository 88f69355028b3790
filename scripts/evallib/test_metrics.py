"""Hand-computed checks: python3 -m unittest discover -s scripts/evallib"""
import math
import unittest

from metrics import average_precision, evaluate, ndcg, precision


class MetricsTest(unittest.TestCase):
    def test_binary(self):
        rels = {'a': 1, 'c': 1, 'z': 1}           # z is never retrieved
        ranked = ['a', 'b', 'c', 'd']
        self.assertAlmostEqual(average_precision(ranked, rels), (1 / 1 + 2 / 3) / 3)
        self.assertAlmostEqual(precision(ranked, rels), 0.2)
        dcg = 1 + 1 / math.log2(4)
        idcg = 1 + 1 / math.log2(3) + 1 / math.log2(4)
        self.assertAlmostEqual(ndcg(ranked, rels), dcg / idcg)

    def test_graded_ndcg(self):
        rels = {'a': 1, 'b': 15}                   # Cranfield grades 4 and 1
        self.assertAlmostEqual(ndcg(['a', 'b'], rels), (1 + 15 / math.log2(3)) / (15 + 1 / math.log2(3)))
        self.assertAlmostEqual(ndcg(['b', 'a'], rels), 1.0)

    def test_depth_cutoffs(self):
        rels = {'r': 1}
        self.assertEqual(average_precision(['x'] * 100 + ['r'], rels), 0.0)
        self.assertAlmostEqual(average_precision(['x'] * 99 + ['r'], rels), 0.01)
        self.assertEqual(ndcg(['x'] * 10 + ['r'], rels), 0.0)

    def test_missing_and_unjudged_queries(self):
        qrels = {'1': {'a': 1}, '2': {'b': 1}, '3': {}}   # '3' has no relevant doc
        m = evaluate({'1': ['a']}, qrels)                 # '2' unanswered -> 0
        self.assertEqual(m, {'MAP@100': 0.5, 'P@10': 0.05, 'nDCG@10': 0.5})


if __name__ == '__main__':
    unittest.main()
