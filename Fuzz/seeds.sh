#!/usr/bin/env bash
# Writes the seed corpora `make fuzz` starts from into $1: small inputs of each kind, made here or
# copied from the repository (lexicons, keyword maps, a fixture clip).
set -eu
seeds=$1
mkdir -p "$seeds"/{csv,xml,lexicon,keyword-map,model-file,audio,pretrained}
printf 'id,path,title,tags\n1,a.wav,"Morning, light","rock, piano"\n2,b.wav,夜,ピアノ、切ない\n' > "$seeds/csv/seed.csv"
printf '<?xml version="1.0"?>\n<catalogue><track id="1"><title>A &amp; B</title><tag>rock</tag></track></catalogue>\n' \
  > "$seeds/xml/seed.xml"
cp Lexicons/music-polarity-ja.csv "$seeds/lexicon/"
printf '優れる:すぐれる:動詞:1\n' > "$seeds/lexicon/pn.dic"
cp Lexicons/genre-seed.toml Lexicons/instrument-seed.toml "$seeds/keyword-map/"
printf '{"format":"tagmine-model","version":1,"classes":["a"],"layers":[]}' > "$seeds/model-file/seed.json"
head -c 3000 Tests/AudioFeaturesTests/Fixtures/mono-22050.wav > "$seeds/audio/seed.wav"
# A checkpoint index: the real MSD_musicnn one when make test has fetched the wheel, and a small
# pretrained model file of one tensor.
wheel=.build-test/musicnn/musicnn-0.1.0-py3-none-any.whl
if [ -f "$wheel" ]; then
  python3 -c "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile('$wheel').read('musicnn/MSD_musicnn/.index'))" \
    > "$seeds/pretrained/msd.index"
fi
python3 - "$seeds/pretrained/seed.tagmine-pretrained" <<'PY'
import hashlib, json, struct, sys
payload = struct.pack("<2f", 0.5, -1.0)
header = {"format": "tagmine-pretrained", "version": 1, "model": "musicnn-msd", "source": "seed", "labels": [],
          "tensors": [{"name": "dense_1/bias", "shape": [2]}], "sha256": hashlib.sha256(payload).hexdigest()}
open(sys.argv[1], "wb").write(json.dumps(header).encode() + b"\n" + payload)
PY
