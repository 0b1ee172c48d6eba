"""The Python baseline of `make bench-label`: label a Tagmine store's tracks the plain Python way.

Reads every track's tags from the store with sqlite3, normalises each tag (NFKC, lower case),
tokenises it (a regex with plural folding for Latin text, fugashi over the same system IPAdic as
Tagmine for Japanese), looks the longest runs of base forms up in the polarity lexicon and the
genre map (with the same negation rules), averages the polarity per track, takes the top and
bottom N as positive / negative, resolves genres by the map's single policy, and writes the
scores and labels to OUT.db.

    python baseline.py STORE.db OUT.db --lexicons Lexicons [--top 1500] [--memo]

`--memo` caches each distinct tag's result (functools.cache): what a Python programmer would add
next, reported alongside the plain run.
"""

import argparse
import csv
import functools
import json
import re
import sqlite3
import sys
import time
import tomllib
import unicodedata
from pathlib import Path

import fugashi

WINDOW = 6
ENGLISH_NEGATORS = {"not", "no", "without", "never", "non", "nor", "w/o"}
JAPANESE_NEGATORS = {"ない", "ぬ", "無い"}
POS = {"名詞": "noun", "動詞": "verb", "形容詞": "adjective", "副詞": "adverb", "連体詞": "adverb",
       "助動詞": "auxiliary", "助詞": "particle"}
JAPANESE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006]+")
LATIN_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")

tagger = fugashi.GenericTagger("-r /etc/mecabrc -d /var/lib/mecab/dic/ipadic-utf8")


def normalise(text):
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def singular(word):
    if len(word) <= 3 or not word.endswith("s"):
        return word
    if word.endswith("'s"):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is", "ous")):
        return word
    return word[:-1]


def tokens(text):
    """(surface, base, pos) per token: Japanese runs through MeCab, the rest as Latin words."""
    result = []
    position = 0
    for run in JAPANESE.finditer(text):
        result += latin(text[position:run.start()])
        for node in tagger(run.group()):
            feature = node.feature
            base = feature[6] if len(feature) > 6 and feature[6] != "*" else node.surface
            result.append((node.surface, base, POS.get(feature[0], "other")))
        position = run.end()
    return result + latin(text[position:])


def latin(text):
    return [(word, singular(word), "other") for word in (w.replace("’", "'") for w in LATIN_WORD.findall(text))]


def is_japanese(character):
    return JAPANESE.match(character) is not None


def joined(words):
    key = ""
    for word in words:
        if word and key and not (is_japanese(key[-1]) and is_japanese(word[0])):
            key += " "
        key += word
    return key


def matches(text, table):
    """(value, negated) for each longest match of table's keys in text, with the negation rules."""
    found = []
    toks = tokens(normalise(text))
    index, negate = 0, False
    while index < len(toks):
        hit = None
        for length in range(min(WINDOW, len(toks) - index), 0, -1):
            run = toks[index:index + length]
            value = table.get(joined(t[1] for t in run))
            if value is None and any(t[0] != t[1] for t in run):
                value = table.get(joined(t[0] for t in run))
            if value is not None:
                hit = (value, length)
                break
        if hit is None:
            if toks[index][1] in ENGLISH_NEGATORS or toks[index][0].endswith("n't"):
                negate = True
            index += 1
            continue
        value, length = hit
        negated, negate = negate, False
        index += length
        after = index
        while after < len(toks) and toks[after][2] == "particle":
            after += 1
        if after < len(toks) and toks[after][1] in JAPANESE_NEGATORS and toks[after][2] in ("auxiliary", "adjective"):
            negated = not negated
            index = after + 1
        found.append((value, negated))
    return found


def load_lexicon(folder):
    table = {}
    for name in ("music-polarity-en.csv", "music-polarity-ja.csv"):
        with open(folder / name, encoding="utf-8") as handle:
            rows = csv.reader(line for line in handle if not line.startswith("#"))
            next(rows)
            for term, score, *_ in rows:
                table.setdefault(joined(t[1] for t in tokens(normalise(term))), float(score))
    return table


def load_map(path):
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    classes = [entry["name"] for entry in spec["class"]]
    table = {}
    for entry in spec["class"]:
        for text in entry["keywords"]:
            table.setdefault(joined(t[1] for t in tokens(normalise(text))), (entry["name"], False))
        for text in entry.get("exclude", []):
            table.setdefault(joined(t[1] for t in tokens(normalise(text))), (entry["name"], True))
    return classes, spec.get("priority", []), table


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("out")
    parser.add_argument("--lexicons", type=Path, required=True)
    parser.add_argument("--top", type=int, default=1500)
    parser.add_argument("--memo", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    lexicon = load_lexicon(args.lexicons)
    classes, priority, rules = load_map(args.lexicons / "genre.toml")

    def polarity(tag):
        total, count = 0.0, 0
        for score, negated in matches(tag, lexicon):
            total += -score if negated else score
            count += 1
        return total, count

    def genres(tag):
        supported, excluded = set(), set()
        for (name, excludes), negated in matches(tag, rules):
            (excluded if excludes or negated else supported).add(name)
        return supported, excluded

    if args.memo:
        polarity, genres = functools.cache(polarity), functools.cache(genres)

    store = sqlite3.connect(args.store)
    rows = store.execute(
        "SELECT track.id, tag.name FROM track LEFT JOIN track_tag ON track_tag.track_id = track.id "
        "LEFT JOIN tag ON tag.id = track_tag.tag_id ORDER BY track.id")
    scores, genre_labels = [], []
    ambiguous = 0
    current, tags = None, []

    def finish(track, tags):
        nonlocal ambiguous
        total, count, supported, excluded = 0.0, 0, set(), set()
        for tag in tags:
            part_total, part_count = polarity(tag)
            total += part_total
            count += part_count
            part_supported, part_excluded = genres(tag)
            supported |= part_supported
            excluded |= part_excluded
        if count:
            scores.append((track, total / count))
        matched = [name for name in classes if name in supported and name not in excluded]
        if len(matched) > 1:
            chosen = [name for name in priority if name in matched][:1]
            if not chosen:
                ambiguous += 1
            matched = chosen
        genre_labels.extend((track, name) for name in matched)

    for track, tag in rows:
        if track != current:
            if current is not None:
                finish(current, tags)
            current, tags = track, []
        if tag is not None:
            tags.append(tag)
    if current is not None:
        finish(current, tags)

    ascending = sorted(scores, key=lambda pair: (pair[1], pair[0]))
    descending = sorted(scores, key=lambda pair: (-pair[1], pair[0]))
    positive, negative = descending[:args.top], ascending[:args.top]

    out = sqlite3.connect(args.out)
    out.executescript(
        "DROP TABLE IF EXISTS score; DROP TABLE IF EXISTS label;"
        "CREATE TABLE score (track_id INTEGER PRIMARY KEY, score REAL NOT NULL);"
        "CREATE TABLE label (task TEXT, track_id INTEGER, class TEXT, PRIMARY KEY (task, track_id, class));")
    with out:
        out.executemany("INSERT INTO score VALUES (?, ?)", scores)
        out.executemany("INSERT INTO label VALUES ('emotion', ?, 'positive')", ((t,) for t, _ in positive))
        out.executemany("INSERT INTO label VALUES ('emotion', ?, 'negative')", ((t,) for t, _ in negative))
        out.executemany("INSERT INTO label VALUES ('genre', ?, ?)", genre_labels)
    json.dump({"seconds": time.perf_counter() - started, "scored": len(scores), "genre_labeled": len(genre_labels),
               "ambiguous": ambiguous}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
