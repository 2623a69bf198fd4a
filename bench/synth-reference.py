#!/usr/bin/python3
"""The reference DP generator, as the paper describes it, for `npm run bench -- synth`.

Written here from the description in Abuolaim et al., ICCV 2021, Sec. 3 ("we first decompose
the image into discrete layers according to per-pixel depth values, where the maximum number of
layers is set to 500"), and the design of its generator: depth layers are the distinct depth
values, or 500 equal-width depth bins when there are more; each layer's CoC comes from the camera
set {f, N, s} (CoC in px = f^2/(N(s-f))*(d-s)/d at the layer's mean depth, d in metres, clamped
to +-40 px) as a whole-pixel radius (odd kernel size k = 2|r|+1); per layer, the Butterworth DP PSF (Eq. 2-4: B rescaled to [beta, 1], times the disk, Gaussian
smoothing of sigma = kappa*|r|, a horizontal ramp for the left view, the mirror for the right),
then OpenCV filter2D of the whole 8-bit image with the left, right and combined kernels, and a
hard-mask composite (each output pixel takes the blurred value of its own layer). Views are
filtered with twice their kernel, so that they share the combined image's exposure as dualpix's
files do. Writes left/right/combined/sharp as 8-bit PNGs (OpenCV's default settings) and the
signed CoC map as coc.npy, and prints one JSON line of timings and peak RSS.

Run with Debian's OpenCV: /usr/bin/python3 bench/synth-reference.py --rgb RGB.png --depth DEPTH.png
    --camera-set 7,5,8 --psf 3,0.4,0.1,0.14 --out DIR      (DEPTH: 16-bit PNG in millimetres)
"""
import argparse
import json
import os
import resource
import time

import cv2
import numpy as np

MAX_COC_PX = 40
MAX_LAYERS = 500


def dp_kernels(radius, n, alpha, beta, kappa):
    """Left and right DP kernels (each summing to 1/2) for a signed whole-pixel CoC radius."""
    a = abs(radius)
    if a == 0:
        half = np.full((1, 1), 0.5, np.float32)
        return half, half
    y, x = np.mgrid[-a:a + 1, -a:a + 1].astype(np.float64)
    rho = np.hypot(x, y)
    d0 = 2.0 * alpha * a  # D0 = (k - 1)/c with k = 2a + 1 and alpha = 1/c
    with np.errstate(divide='ignore'):
        b = 1.0 / (1.0 + (d0 / rho) ** (2 * n))
    b[a, a] = 0.0
    b = beta + (1.0 - beta) * (b - b.min()) / (b.max() - b.min())  # Eq. 3: rescale to [beta, 1]
    h = b * (rho <= a)  # times the disk C
    h = cv2.GaussianBlur(h, (0, 0), kappa * a)  # smooth with sigma = kappa * r
    h /= h.sum()
    ramp = np.clip(0.5 - x / (2.0 * a), 0.0, 1.0)  # Eq. 4: the left view's half, mass on the left
    left = h * ramp
    right = left[:, ::-1].copy()
    if radius < 0:  # in front of focus the views swap halves
        left, right = right, left
    return left.astype(np.float32), right.astype(np.float32)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--rgb', required=True)
    p.add_argument('--depth', required=True, help='16-bit PNG depth map in millimetres')
    p.add_argument('--camera-set', required=True, help='f,N,s as the paper sets (e.g. 7,5,8)')
    p.add_argument('--psf', default='3,0.4,0.1,0.14', help='n,alpha,beta,kappa')
    p.add_argument('--out', required=True)
    a = p.parse_args()
    f, fnum, s = (float(v) for v in a.camera_set.split(','))
    n, alpha, beta, kappa = (float(v) for v in a.psf.split(','))

    t0 = time.perf_counter()
    rgb = cv2.imread(a.rgb, cv2.IMREAD_COLOR)
    depth = cv2.imread(a.depth, cv2.IMREAD_UNCHANGED)
    if rgb is None or depth is None or depth.dtype != np.uint16:
        raise SystemExit('synth-reference: cannot read the 8-bit RGB image or the 16-bit depth PNG')
    depth_m = np.maximum(depth.astype(np.float32), 1.0) / 1000.0
    gain = f * f / (fnum * (s - f))
    coc = np.clip(gain * (depth_m - s) / depth_m, -MAX_COC_PX, MAX_COC_PX)
    values, layer = np.unique(depth_m, return_inverse=True)
    if len(values) > MAX_LAYERS:
        edges = np.linspace(depth_m.min(), depth_m.max(), MAX_LAYERS + 1)[1:-1]
        layer = np.digitize(depth_m, edges)
    layer = layer.reshape(depth_m.shape)
    t1 = time.perf_counter()
    c1 = time.process_time()  # CPU of every thread of this process

    outs = [np.zeros_like(rgb) for _ in range(3)]  # left, right, combined
    kernels = {}
    count = 0
    for index in range(int(layer.max()), -1, -1):  # far to near
        mask = layer == index
        if not mask.any():
            continue
        count += 1
        mean_d = float(depth_m[mask].mean())
        r = int(np.rint(np.clip(gain * (mean_d - s) / mean_d, -MAX_COC_PX, MAX_COC_PX)))
        if r not in kernels:
            kernels[r] = dp_kernels(r, n, alpha, beta, kappa)
        left, right = kernels[r]
        for out, kernel in zip(outs, (2 * left, 2 * right, left + right)):
            blurred = cv2.filter2D(rgb, -1, kernel, borderType=cv2.BORDER_REFLECT)
            out[mask] = blurred[mask]
    t2 = time.perf_counter()
    c2 = time.process_time()

    os.makedirs(a.out, exist_ok=True)
    for name, img in zip(('left', 'right', 'combined', 'sharp'), (*outs, rgb)):
        cv2.imwrite(os.path.join(a.out, name + '.png'), img)
    np.save(os.path.join(a.out, 'coc.npy'), coc.astype(np.float32))
    t3 = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process, OpenCV's too
    print(json.dumps({
        'read_s': round(t1 - t0, 4),
        'render_s': round(t2 - t1, 4),
        'render_cpu_s': round(c2 - c1, 4),
        'write_s': round(t3 - t2, 4),
        'layers': count,
        'kernel_radii': len(kernels),
        'coc_min': float(coc.min()),
        'coc_max': float(coc.max()),
        'opencv': cv2.__version__,
        'threads': cv2.getNumThreads(),
        'max_rss_mib': round(usage.ru_maxrss / 1024, 1),
        'cpu_s': round(usage.ru_utime + usage.ru_stime, 3),
    }))


if __name__ == '__main__':
    main()
