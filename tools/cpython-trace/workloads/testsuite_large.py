"""testsuite_large: the testsuite slice plus more of CPython's own tests (heapq,
UserDict, UserList, UserString), about ten million allocator calls:
the large trace of the timeline benchmarks. Same rules as testsuite.py (resources off,
no thread tests, seeded random, no timings); same checkpoints.
"""
# stage-with: testsuite.py
from testsuite import CONTAINERS, OTHERS, main

MORE = ["test.test_heapq", "test.test_userdict", "test.test_userlist", "test.test_userstring"]

if __name__ == "__main__":
    main(CONTAINERS + MORE, OTHERS)
