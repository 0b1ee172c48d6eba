"""Writes an MTG-Jamendo-shaped autotagging TSV of N tracks whose TAGS run over 1 to 8 columns
(facet---value tags), for timing `tagmine import` on a ragged catalogue:

    python3 Benchmarks/ImportBaseline/make_ragged_tsv.py 1000000 .build-bench/autotagging-1000000.tsv
"""
import random, sys
random.seed(7)
n = int(sys.argv[1]); out = sys.argv[2]
genres = ["rock","pop","jazz","electronic","classical","hiphop","ambient","punkrock","metal","folk"]
insts = ["guitar","piano","synthesizer","drums","bass","voice","strings","violin"]
moods = ["happy","sad","energetic","calm","dark","epic","relaxing","romantic"]
with open(out, "w") as f:
    f.write("TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS\n")
    for i in range(n):
        tags = ["genre---" + g for g in random.sample(genres, random.randint(1, 3))]
        tags += ["instrument---" + t for t in random.sample(insts, random.randint(0, 3))]
        tags += ["mood/theme---" + m for m in random.sample(moods, random.randint(0, 2))]
        f.write(f"track_{i:07d}\tartist_{i // 20:06d}\talbum_{i // 10:06d}\t{i % 100:02d}/{i}.mp3\t{120 + i % 200}.0\t" + "\t".join(tags) + "\n")
