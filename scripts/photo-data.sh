#!/bin/sh
# Collects freely licensed photographs available as Debian packages, for `dualpix dataset
# --source photos:DIR`, and scikit-image's Middlebury stereo pair as a real RGB-D scene for
# `--source rgbd:DIR`. Installs the packages (apt-get, as root), then writes
#   OUT/photos/PKG-NAME.png                        8-bit sRGB PNG, longer side at most MAX_SIDE px
#   OUT/rgbd/middlebury-motorcycle/rgb/0000.png    left view, 741x500
#   OUT/rgbd/middlebury-motorcycle/depth/0000.npy  depth (m) from the published disparity + calibration
#   OUT/SOURCES.txt                                packages, versions, licences, files
# and prints the exact package versions (dpkg-query) for models/MODEL.md. Rerunning rewrites OUT.
#   sh scripts/photo-data.sh [OUT=/tmp/dp/photo-data] [MAX_SIDE=1680]
# Only photographs are taken: the packages' abstract and illustrated wallpapers are left out by name.
# MAX_SIDE 1680 is the DPDD output width the dslr camera family's pixel pitch refers to.
set -eu
OUT=${1:-/tmp/dp/photo-data}
MAX_SIDE=${2:-1680}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
PKGS="python3-skimage python3-numpy python3-pil mate-backgrounds plasma-workspace-wallpapers"

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing" >&2
  apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 $missing >&2
fi

SK=$($PY -c 'import os, skimage.data; print(os.path.dirname(skimage.data.__file__))')
MATE=/usr/share/backgrounds/mate/nature
PLASMA=/usr/share/wallpapers

rm -rf "$OUT/photos" "$OUT/rgbd"
mkdir -p "$OUT/photos" "$OUT/rgbd/middlebury-motorcycle/rgb" "$OUT/rgbd/middlebury-motorcycle/depth"

# name=path pairs; plasma wallpapers come in several sizes: take the largest.
LIST=$(mktemp)
for f in Aqua Blinds Dune FreshFlower Garden GreenMeadow LadyBird RainDrops Storm TwoWings Wood YellowFlower; do
  echo "mate-$f=$MATE/$f.jpg" >>"$LIST"
done
for w in BytheWater ColdRipple ColorfulCups DarkestHour EveningGlow FallenLeaf Grey Kite OneStandsOut Path summer_1am; do
  best=$(ls -S "$PLASMA/$w/contents/images/"*.jpg "$PLASMA/$w/contents/images/"*.png 2>/dev/null | head -n 1)
  [ -n "$best" ] && echo "plasma-$w=$best" >>"$LIST"
done
for f in astronaut.png chelsea.png coffee.png rocket.jpg; do
  echo "skimage-${f%.*}=$SK/$f" >>"$LIST"
done

$PY - "$LIST" "$OUT/photos" "$MAX_SIDE" <<'PYEOF'
import sys
from PIL import Image
lst, out, max_side = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 0
for line in open(lst):
    name, path = line.strip().split('=', 1)
    im = Image.open(path).convert('RGB')
    s = max_side / max(im.size)
    if s < 1:
        im = im.resize((round(im.size[0] * s), round(im.size[1] * s)), Image.LANCZOS)
    im.save(f'{out}/{name}.png')
    n += 1
    print(f'{name}.png {im.size[0]}x{im.size[1]} from {path}', file=sys.stderr)
print(n)
PYEOF
rm -f "$LIST"

# Middlebury 2014 "Motorcycle", downsampled 4x by scikit-image; calibration from skimage.data.stereo_motorcycle's docstring.
cp "$SK/motorcycle_left.png" "$OUT/rgbd/middlebury-motorcycle/rgb/0000.png"
$PY "$HERE/disparity-to-depth.py" --disp "$SK/motorcycle_disp.npz" --focal-px 994.978 --baseline-mm 193.001 --doffs-px 31.086 \
  --out "$OUT/rgbd/middlebury-motorcycle/depth/0000.npy" >&2

COUNT=$(ls "$OUT/photos" | wc -l)
{
  echo "Photographs for dualpix (scripts/photo-data.sh), $COUNT photos + 1 RGB-D scene"
  echo
  echo "Packages (dpkg-query -W):"
  dpkg-query -W $PKGS | sed 's/^/  /'
  echo
  echo "Licences:"
  echo "  mate-backgrounds (nature/*.jpg): GPL-2+ (debian/copyright names each photographer)"
  echo "  plasma-workspace-wallpapers (the photographic ones listed): GPL-2+ (debian/copyright; each wallpaper's metadata.json says LGPL-3)"
  echo "  python3-skimage data: astronaut public domain (NASA), chelsea CC0 (Stefan van der Walt),"
  echo "    coffee CC0 (Rachel Michetti), rocket public domain (SpaceX);"
  echo "    Middlebury 2014 Motorcycle (Scharstein et al., GCPR 2014), as shipped by scikit-image"
  echo
  echo "Files:"
  ls "$OUT/photos" | sed 's/^/  photos\//'
  echo "  rgbd/middlebury-motorcycle/rgb/0000.png, depth/0000.npy"
} >"$OUT/SOURCES.txt"
cat "$OUT/SOURCES.txt"
