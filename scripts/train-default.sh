#!/bin/sh
# Trains the shipped default model, models/rdpd-default.safetensors (see models/MODEL.md):
# a narrow RDPD (width 0.25) on procedural synthetic DP data, alternating batches of single
# images and of 4-frame sequences. Resumable: rerun with RESUME=1 to continue a stopped run.
#   WORK=/tmp/dp/default sh scripts/train-default.sh          (from the repository root)
set -eu
WORK=${WORK:-/tmp/dp/default}
DUALPIX="node --import tsx src/cli/main.ts"
mkdir -p "$WORK"

# 1. Data: 60 procedural sequences of 4 frames and 50 single frames, 256x256, 80/10/10 split.
$DUALPIX dataset --source procedural:60 --frames 4 --layout sequence --seed 11 --out "$WORK/seq"
$DUALPIX dataset --source procedural:50 --frames 1 --layout dpdd --seed 12 --out "$WORK/img"

# 2. One folder holding both (the reader takes single images and sequence folders side by side).
for split in train val test; do
  for part in l/source r/source c/source c/target; do
    dst="$WORK/data/${split}_$part"
    mkdir -p "$dst"
    for src in "$WORK/seq/${split}_$part" "$WORK/img/${split}_$part"; do
      [ -d "$src" ] || continue
      for f in "$src"/*; do [ -e "$dst/$(basename "$f")" ] || ln -s "$f" "$dst/"; done
    done
  done
done

# 3. Train. Ctrl-C (or kill -INT) saves a checkpoint; RESUME=1 continues from it.
if [ "${RESUME:-0}" = 1 ]; then
  $DUALPIX train --out "$WORK/run" --resume --epochs "${EPOCHS:-60}"
else
  $DUALPIX train --data "$WORK/data" --model rdpd --width 0.25 --patch 128 \
    --batch-images 4 --batch-sequences 1 --seq-length 4 --lr 1e-3 --lr-decay-epochs 15 \
    --epochs "${EPOCHS:-60}" --val-patches 16 --seed 1 --threads 2 --out "$WORK/run"
fi
