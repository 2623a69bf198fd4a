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
#    (Skipped when already made: a later generator may refuse to resume an older dataset.)
[ -f "$WORK/seq/manifest.jsonl" ] || $DUALPIX dataset --source procedural:60 --frames 4 --layout sequence --seed 11 --out "$WORK/seq"
[ -f "$WORK/img/manifest.jsonl" ] || $DUALPIX dataset --source procedural:50 --frames 1 --layout dpdd --seed 12 --out "$WORK/img"

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

# 3. Train. Ctrl-C (or kill -INT) saves a checkpoint; RESUME=1 continues from it. Seed 152: with
#    seeds 1, 2, 3, 4 and 32 an output channel of the clamped linear head, or one of the three ReLU
#    units of conv9_3 before it, is (nearly) dead at initialization and never recovers, which
#    collapses colours; seed 152 starts with all three units and all outputs active on almost every pixel.
if [ "${RESUME:-0}" = 1 ]; then
  $DUALPIX train --out "$WORK/${RUN:-run}" --resume --epochs "${EPOCHS:-120}"
else
  $DUALPIX train --data "$WORK/data" --model rdpd --width 0.25 --residual true --patch 128 \
    --batch-images 4 --batch-sequences 1 --seq-length 4 --lr 5e-4 --lr-decay-epochs 40 \
    --epochs "${EPOCHS:-120}" --val-patches 16 --seed 152 --threads 2 --out "$WORK/${RUN:-run}"
fi
