"""textproc: generate a pseudo-random text corpus, tokenise it with re, count words
(collections.Counter, dicts), build an inverted index, format a report with f-strings
and str.format, round-trip documents through json, and run some regex rewriting.

Checkpoints: after-corpus, after-index, after-json, after-cleanup.
"""
import collections
import itertools
import json
import random
import re

try:
    import _pymtrace
    cp = _pymtrace.checkpoint
except ImportError:  # plain python3
    def cp(label):
        pass

rng = random.Random(1234)

SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "pe", "da", "zu", "ri",
             "an", "el", "or", "ix", "um", "qua", "stre", "blo"]
PUNCT = [".", ",", ";", "!", "?", ":"]


def make_word():
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 4))))


def make_corpus(n_docs, vocab_size):
    vocab = [make_word() for _ in range(vocab_size)]
    # Zipf-like weights
    weights = [1.0 / (i + 1) for i in range(vocab_size)]
    cum = list(itertools.accumulate(weights))
    docs = []
    for d in range(n_docs):
        sentences = []
        for _ in range(rng.randint(3, 12)):
            words = rng.choices(vocab, cum_weights=cum, k=rng.randint(4, 18))
            words[0] = words[0].capitalize()
            s = " ".join(words) + rng.choice(PUNCT)
            if rng.random() < 0.2:
                s += " (%d%%)" % rng.randint(0, 100)
            if rng.random() < 0.1:
                s += " mail: %s@%s.org" % (rng.choice(vocab), rng.choice(vocab))
            sentences.append(s)
        docs.append({"id": d, "title": " ".join(rng.sample(vocab, 3)).title(),
                     "body": " ".join(sentences)})
    return docs


TOKEN = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]")
EMAIL = re.compile(r"([a-z]+)@([a-z]+)\.org")
NUM = re.compile(r"\((\d+)%\)")


def main():
    docs = make_corpus(2500, 3000)
    total_chars = sum(len(d["body"]) for d in docs)
    print("corpus:", len(docs), "docs,", total_chars, "chars")
    cp("after-corpus")

    counts = collections.Counter()
    index = collections.defaultdict(set)
    bigrams = collections.Counter()
    for d in docs:
        toks = [t.lower() for t in TOKEN.findall(d["body"]) if t.isalpha()]
        counts.update(toks)
        bigrams.update(zip(toks, toks[1:]))
        for t in set(toks):
            index[t].add(d["id"])
    top = counts.most_common(15)
    lines = ["{:>4} {:<14} {:>7} {:6.2f}%".format(i + 1, w, c, 100.0 * c / sum(counts.values()))
             for i, (w, c) in enumerate(top)]
    report = "\n".join(lines)
    print("vocabulary:", len(counts), "bigrams:", len(bigrams), "top:", top[0][0])
    cp("after-index")

    blob = json.dumps(docs, sort_keys=True, indent=1)
    back = json.loads(blob)
    assert back == docs
    idx_blob = json.dumps({w: sorted(ids) for w, ids in index.items()})
    idx_back = json.loads(idx_blob)
    print("json:", len(blob), "+", len(idx_blob), "chars,", len(idx_back), "index keys")
    cp("after-json")

    rewritten = []
    for d in back:
        body = EMAIL.sub(lambda m: "<%s at %s>" % (m.group(1).upper(), m.group(2)), d["body"])
        body = NUM.sub(lambda m: "[%s percent]" % m.group(1), body)
        parts = re.split(r"(?<=[.!?])\s+", body)
        rewritten.append("\n".join(f"{i:03d}| {p.strip()}" for i, p in enumerate(parts)))
    csv_like = "\n".join(",".join(str(x) for x in (w, c, len(index[w]))) for w, c in counts.items())
    print("rewritten:", sum(map(len, rewritten)), "chars; csv", len(csv_like), "chars;",
          len(report.splitlines()), "report lines")
    del docs, back, blob, idx_blob, idx_back, counts, index, bigrams, rewritten, csv_like
    cp("after-cleanup")


if __name__ == "__main__":
    main()
