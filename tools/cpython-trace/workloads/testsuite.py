"""testsuite: a slice of CPython's own test suite (Lib/test), run in-process with
unittest: list/dict/OrderedDict/defaultdict/sort/bisect, then string, float, functools,
textwrap and parts of json. Tests that need resources (network, cpu, ...) are skipped
as regrtest does without -u, tests that start threads are left out, the global random
generator is seeded before every test, and nothing prints timing, so the run is
deterministic.

Checkpoints: after-import (all test modules loaded), after-containers, after-tests,
after-gc.
"""
import gc
import random
import unittest

try:
    import _pymtrace
    cp = _pymtrace.checkpoint
except ImportError:  # plain python3
    def cp(label):
        pass

from test import support

support.use_resources = []  # as regrtest without -u: no network/cpu/... resources
support.verbose = 0

CONTAINERS = ["test.test_list", "test.test_dict", "test.test_ordered_dict",
              "test.test_defaultdict", "test.test_sort", "test.test_bisect"]
OTHERS = ["test.test_string", "test.test_float", "test.test_functools",
          "test.test_textwrap",
          "test.test_json.test_decode", "test.test_json.test_encode_basestring_ascii",
          "test.test_json.test_dump", "test.test_json.test_float",
          "test.test_json.test_indent", "test.test_json.test_pass1",
          "test.test_json.test_separators"]


def deterministic(test):
    # Tests that start threads make the trace depend on thread scheduling.
    return "thread" not in test.id().rsplit(".", 1)[-1]


def flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from flatten(t)
        else:
            yield t


def load(names):
    loader = unittest.TestLoader()
    suites = []
    for name in names:
        __import__(name)
        tests = [t for t in flatten(loader.loadTestsFromName(name)) if deterministic(t)]
        suites.append((name, unittest.TestSuite(tests)))
    return suites


class SeededResult(unittest.TestResult):
    """Seeds the global random generator before every test (some tests use it)."""

    def startTest(self, test):
        random.seed(test.id())
        super().startTest(test)


def run(suites):
    totals = [0, 0, 0, 0]
    for name, suite in suites:
        result = SeededResult()
        result.buffer = True  # keep the tests' own output out of stdout
        suite.run(result)
        row = (result.testsRun, len(result.failures), len(result.errors), len(result.skipped))
        totals = [a + b for a, b in zip(totals, row)]
        print("%-45s run=%d fail=%d err=%d skip=%d" % ((name,) + row))
        for test, tb in result.failures + result.errors:
            print("   problem:", test.id())
    return totals


def main(container_names=CONTAINERS, other_names=OTHERS):
    containers = load(container_names)
    others = load(other_names)
    cp("after-import")
    t1 = run(containers)
    cp("after-containers")
    t2 = run(others)
    del containers, others
    cp("after-tests")
    gc.collect()
    cp("after-gc")
    total = [a + b for a, b in zip(t1, t2)]
    print("total run=%d fail=%d err=%d skip=%d" % tuple(total))


if __name__ == "__main__":
    main()
