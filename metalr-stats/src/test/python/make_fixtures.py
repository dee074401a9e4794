#!/usr/bin/python3
"""Reference values for metalr-stats' tests, computed with SciPy, scikit-learn, statsmodels and NumPy.

Writes small JSON fixtures to ../resources/fixtures/ (or the folder given as the only argument). The
Java tests only read them. See README.md for what each holds and how it is computed.
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy import stats
from scipy.ndimage import binary_erosion, distance_transform_edt
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, confusion_matrix, recall_score,
                             roc_auc_score)
from statsmodels.stats.multitest import multipletests

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                         '..', 'resources', 'fixtures')
LEVEL = 0.95
LOWER, UPPER = (1 - LEVEL) / 2, (1 + LEVEL) / 2   # the same doubles Java computes


def versions():
    return {'numpy': np.__version__, 'scipy': scipy.__version__, 'sklearn': sklearn.__version__,
            'statsmodels': statsmodels.__version__}


def finite_or_none(v):
    """JSON has no NaN or infinity: written as strings the Java side parses."""
    v = float(v)
    if np.isnan(v):
        return 'NaN'
    if np.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return v


def write(name, payload):
    """One JSON object; each entry of a top-level list on its own line, so diffs stay readable."""
    payload = {'generator': 'make_fixtures.py', 'versions': versions(), **payload}
    compact = {'separators': (',', ':'), 'allow_nan': False}
    lines = []
    for key, value in payload.items():
        if isinstance(value, list):
            items = ',\n  '.join(json.dumps(v, **compact) for v in value)
            lines.append(f'{json.dumps(key)}: [\n  {items}\n ]')
        else:
            lines.append(f'{json.dumps(key)}: {json.dumps(value, **compact)}')
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        f.write('{\n ' + ',\n '.join(lines) + '\n}\n')
    print(f'wrote {path} ({os.path.getsize(path)} bytes)')


# ---------------------------------------------------------------------------------------------
# SplitMix64 and the resampling order of org.metalr.stats.Bootstrap, written from its Javadoc.

MASK64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def index(self, bound):
        return ((self.next() >> 32) * bound) >> 32


def resample_indices(strata, resamples, seed):
    """One index array per resample: within each stratum (ascending label), as many draws as members."""
    strata = np.asarray(strata)
    members = [np.flatnonzero(strata == s) for s in sorted(set(strata.tolist()))]
    rng = SplitMix64(seed)
    for _ in range(resamples):
        idx = []
        for m in members:
            idx.extend(m[rng.index(len(m))] for _ in range(len(m)))
        yield np.array(idx, dtype=np.int64)


def percentile_interval(replicates):
    replicates = np.asarray(replicates, dtype=np.float64)
    if np.isnan(replicates).any():
        return ['NaN', 'NaN']
    lo, hi = np.quantile(replicates, [LOWER, UPPER])
    return [float(lo), float(hi)]


# ---------------------------------------------------------------------------------------------
# Wilcoxon signed-rank: scipy.stats.wilcoxon as installed.

def wilcoxon_fixture(rng):
    datasets = []

    def add(name, x, y, settings):
        """One pair of samples and the SciPy result of each (zero_method, correction, alternative, method)."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        d = x - y
        tests = []
        for zero_method, correction, alternative, method in settings:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                res = stats.wilcoxon(x, y, zero_method=zero_method, correction=correction,
                                     alternative=alternative, method=method)
            used = method                  # SciPy 1.10's documented rule, to check the method reported
            if used == 'auto':
                used = 'exact' if len(d) <= 50 else 'approx'
            if used == 'exact' and np.any(d == 0):
                used = 'approx'
            tests.append({'zero_method': zero_method, 'correction': correction, 'alternative': alternative,
                          'method': method, 'method_used': used, 'statistic': float(res.statistic),
                          'pvalue': float(res.pvalue)})
        datasets.append({'name': name, 'x': x.tolist(), 'y': y.tolist(), 'tests': tests})

    alternatives = ('two-sided', 'greater', 'less')
    auto = [('wilcox', False, alt, 'auto') for alt in alternatives]
    corn = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
    add('scipy docs, corn heights', corn, np.zeros(len(corn)), auto)
    for n in list(range(1, 21)) + [25, 30, 37, 44, 50]:
        x = np.round(rng.normal(0.80, 0.05, n), 6)
        y = np.round(x - rng.normal(0.01, 0.03, n), 6)
        add(f'continuous n={n}', x, y, auto)
    for n in (6, 11, 17, 24, 35, 50):      # ties among |d|, no zeros: exact distribution of untied ranks
        y = np.round(rng.normal(0.8, 0.05, n), 2)
        steps = rng.choice([-3, -2, -1, 1, 2, 3, 4], n)
        x = np.round(y + 0.01 * steps, 2)
        add(f'ties n={n}', x, y, auto + [('wilcox', False, alt, 'exact') for alt in alternatives]
            + [('wilcox', True, alt, 'approx') for alt in alternatives])
    for n in (5, 9, 14, 23, 40):           # zeros: SciPy's exact switches to the normal approximation
        y = np.round(rng.normal(0.8, 0.05, n), 2)
        steps = rng.choice([-2, -1, 0, 0, 1, 2, 3], n)
        steps[0] = 0
        steps[1] = 1
        x = np.round(y + 0.01 * steps, 2)
        add(f'zeros n={n}', x, y, [(zm, corr, alt, 'exact') for zm in ('wilcox', 'pratt', 'zsplit')
                                   for corr in (False, True) for alt in alternatives])
    add('all zeros', [0.5, 0.25, 0.75], [0.5, 0.25, 0.75], [('zsplit', False, 'two-sided', 'approx')])
    for n in (51, 60, 120):
        x = np.round(rng.normal(0.8, 0.05, n), 6)
        y = np.round(x - rng.normal(0.005, 0.03, n), 6)
        add(f'large n={n}', x, y, auto + [('wilcox', True, alt, 'approx') for alt in alternatives]
            + [('wilcox', False, 'two-sided', 'exact')])
    add('n=50 all positive', np.arange(1, 51) * 0.01, np.zeros(50), auto)
    add('n=400 all positive', np.arange(1, 401) * 0.01, np.zeros(400), [('wilcox', False, 'two-sided', 'approx')])
    add('n=60 all negative', -np.arange(1, 61) * 0.01, np.zeros(60), [('wilcox', False, 'less', 'exact')])
    return {'datasets': datasets}


def normal_fixture():
    z = [0.0, 1e-8, 0.1, 0.5, 0.7, 0.99, 1.0, 1.01, 1.4142135623730951, 1.5, 1.96, 2.5, 3.0, 4.0, 5.5,
         7.0, 8.3, 10.0, 12.5, 15.0, 20.0, 25.0, 30.0, 37.0]
    z = sorted(set(z + [-v for v in z]))
    return {'cases': [{'z': v, 'sf': float(stats.norm.sf(v)), 'cdf': float(stats.norm.cdf(v))} for v in z]}


# ---------------------------------------------------------------------------------------------
# Holm (statsmodels) and summaries (NumPy).

def holm_fixture(rng):
    lists = [
        [0.01, 0.04, 0.03, 0.005],
        [0.2, 0.2, 0.01, 0.04, 0.04, 0.9],
        [0.5],
        [1e-12, 0.3, 1.0, 0.049, 0.0125],
        [0.03, 0.03, 0.03],
        rng.uniform(0, 0.2, 12).tolist(),
        rng.uniform(0, 1, 7).tolist(),
    ]
    return {'cases': [{'p': p, 'adjusted': multipletests(p, method='holm')[1].tolist()} for p in lists]}


def summary_fixture(rng):
    arrays = [[0.81], [0.8, 0.82], [0.91, 0.85, 0.88, 0.79, 0.9], rng.normal(0.7, 0.1, 24).tolist(),
              [3.0, 1.0, 2.0, 2.0]]
    return {'cases': [{'values': a, 'mean': float(np.mean(a)), 'sd': finite_or_none(np.std(a, ddof=1)) if len(a) > 1
                       else 'NaN', 'median': float(np.median(a)), 'min': float(np.min(a)), 'max': float(np.max(a))}
                      for a in arrays]}


# ---------------------------------------------------------------------------------------------
# Classification figures (scikit-learn).

def class_figures(y, scores, classes):
    """Every figure of org.metalr.stats.classification.ClassificationStatistic, by scikit-learn."""
    pred = np.argmax(scores, axis=1)
    sens, spec, auc = [], [], []
    for c in range(classes):
        sens.append(float(recall_score(y, pred, labels=[c], average=None, zero_division=0)[0])
                    if np.any(y == c) else float('nan'))
        negatives = y != c
        spec.append(float(recall_score(negatives, pred != c)) if np.any(negatives) else float('nan'))
        auc.append(float(roc_auc_score(y == c, scores[:, c])) if 0 < np.sum(y == c) < len(y) else float('nan'))
    defined_auc = [a for a in auc if not np.isnan(a)]
    return ([float(accuracy_score(y, pred)), float(balanced_accuracy_score(y, pred)),
             float(np.mean(defined_auc)) if defined_auc else float('nan')] + sens + spec)


def softmax_scores(rng, y, classes, separation):
    logits = rng.normal(0, 1, (len(y), classes))
    logits[np.arange(len(y)), y] += separation
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def classification_fixture(rng):
    cases = []

    def add(name, y, scores, classes):
        y = np.asarray(y)
        pred = np.argmax(scores, axis=1)
        cm = confusion_matrix(y, pred, labels=list(range(classes)))
        figures = class_figures(y, scores, classes)
        cases.append({'name': name, 'classes': classes, 'labels': y.tolist(), 'scores': scores.tolist(),
                      'confusion': cm.tolist(), 'figures': [finite_or_none(v) for v in figures]})

    for classes, n, sep in ((2, 40, 1.0), (3, 60, 1.5), (4, 80, 0.8), (5, 37, 2.0)):
        y = rng.integers(0, classes, n)
        add(f'{classes} classes, {n} samples', y, softmax_scores(rng, y, classes, sep), classes)
    y = rng.integers(0, 2, 30)          # class 2 never a label (its sensitivity and AUC undefined)
    add('class 2 absent from the labels', y, softmax_scores(rng, y, 3, 1.0), 3)
    y = np.zeros(12, dtype=np.int64)      # a single class: specificity undefined
    add('every label is class 0', y, softmax_scores(rng, y, 2, 0.5), 2)
    y = rng.integers(0, 3, 45)            # coarse scores: ties in the AUC
    s = np.round(softmax_scores(rng, y, 3, 1.0), 1)
    s[:, 0] += 1e-9 * np.arange(45) % 1   # keep rows distinct enough that argmax is not all ties
    add('tied scores', y, s, 3)
    return {'cases': cases}


# ---------------------------------------------------------------------------------------------
# Bootstrap: the same resamples as the Java code, statistics by NumPy and scikit-learn.

def bootstrap_fixture(rng):
    means = []
    for n, resamples, seed in ((25, 2000, 42), (7, 500, -3), (1, 50, 9), (60, 1000, 2 ** 40 + 17)):
        x = rng.normal(0.8, 0.05, n)
        y = x - rng.normal(0.01, 0.02, n)
        d = x - y
        reps = [float(np.mean(d[idx])) for idx in resample_indices(np.zeros(n, dtype=np.int64), resamples, seed)]
        entry = {'x': x.tolist(), 'y': y.tolist(), 'resamples': resamples, 'seed': seed,
                 'estimate': float(np.mean(d)), 'interval': percentile_interval(reps), 'first_replicates': reps[:40]}
        if n > 1:   # SciPy's own percentile bootstrap (other random numbers): the same interval within Monte Carlo error
            res = stats.bootstrap((d,), np.mean, n_resamples=10000, confidence_level=LEVEL, method='percentile',
                                  random_state=np.random.default_rng(seed & 0xFFFFFFFF))
            entry['scipy_interval_10000'] = [float(res.confidence_interval.low), float(res.confidence_interval.high)]
        means.append(entry)

    stratified = []
    for classes, n, resamples, seed, sep in ((3, 60, 300, 7, 1.2), (2, 31, 200, 11, 0.7)):
        y = rng.integers(0, classes, n)
        scores = softmax_scores(rng, y, classes, sep)
        reps = [class_figures(y[idx], scores[idx], classes) for idx in resample_indices(y, resamples, seed)]
        reps = np.array(reps)
        stratified.append({'classes': classes, 'labels': y.tolist(), 'scores': scores.tolist(),
                           'resamples': resamples, 'seed': seed,
                           'estimates': [finite_or_none(v) for v in class_figures(y, scores, classes)],
                           'intervals': [percentile_interval(reps[:, f]) for f in range(reps.shape[1])]})
    return {'level': LEVEL, 'means': means, 'stratified': stratified}


# ---------------------------------------------------------------------------------------------
# Surface distances: MONAI's definitions in NumPy/SciPy (edges by erosion, EDT with sampling).

def edges(mask):
    return mask ^ binary_erosion(mask)     # SciPy's default cross structure, border counted as background


def directed(a_edges, b_edges, sampling):
    """MONAI's get_surface_distance(a_edges, b_edges): distance of each a-edge voxel to the b edges."""
    if not b_edges.any():
        return np.full(int(a_edges.sum()), np.inf)
    return distance_transform_edt(~b_edges, sampling=sampling)[a_edges]


def surface_reference(pred, ref, spacing_xyz, tolerances):
    sampling = spacing_xyz[::-1]           # arrays are (z, y, x)
    ep, er = edges(pred), edges(ref)
    d_pr, d_rp = directed(ep, er, sampling), directed(er, ep, sampling)
    if not ep.any() and not er.any():
        hd95, hd = np.nan, np.nan
    elif not ep.any() or not er.any():
        hd95, hd = np.inf, np.inf          # see SurfaceDistances: MONAI's distances are infinite here
    else:
        hd95 = max(np.percentile(d_pr, 95), np.percentile(d_rp, 95))
        hd = max(d_pr.max(), d_rp.max())
    nsd = []
    for t in tolerances:
        if ep.any() and not er.any():      # MONAI: both directions are the prediction's edges at infinity
            nsd.append(0.0)
        elif er.any() and not ep.any():
            nsd.append(0.0)
        elif not ep.any():
            nsd.append(np.nan)
        else:
            nsd.append((np.sum(d_pr <= t) + np.sum(d_rp <= t)) / (len(d_pr) + len(d_rp)))
            # With spacings that are multiples of 1/64 every squared distance is exact in both languages, so a
            # distance equal to the tolerance compares the same way; elsewhere rounding could decide it.
            dyadic = all(float(v * 64).is_integer() for v in spacing_xyz)
            near = np.concatenate([d_pr, d_rp])
            if not dyadic and np.min(np.abs(near - t)) < 1e-9:
                raise SystemExit(f'tolerance {t} lies on a distance; pick another so float rounding cannot decide')
    return d_pr, d_rp, hd95, hd, nsd


def ellipsoid(shape, centre, radii):
    z, y, x = np.indices(shape)
    return (((x - centre[0]) / radii[0]) ** 2 + ((y - centre[1]) / radii[1]) ** 2
            + ((z - centre[2]) / radii[2]) ** 2) <= 1


def surface_fixture(rng):
    cases = []

    def add(name, pred, ref, spacing, tolerances):
        nz, ny, nx = pred.shape
        d_pr, d_rp, hd95, hd, nsd = surface_reference(pred, ref, np.array(spacing), tolerances)
        cases.append({'name': name, 'size': [nx, ny, nz], 'spacing': list(spacing),
                      'prediction': np.flatnonzero(pred.ravel()).tolist(),
                      'reference': np.flatnonzero(ref.ravel()).tolist(),
                      'prediction_to_reference': [finite_or_none(v) for v in np.sort(d_pr)],
                      'reference_to_prediction': [finite_or_none(v) for v in np.sort(d_rp)],
                      'hd95': finite_or_none(hd95), 'hausdorff': finite_or_none(hd),
                      'tolerances': list(tolerances), 'nsd': [finite_or_none(v) for v in nsd]})

    shape = (10, 12, 14)                   # (z, y, x)
    spacings = {'unit': (1.0, 1.0, 1.0), 'dyadic': (0.5, 0.75, 2.0), 'ct-like': (0.7, 0.9, 1.3)}
    for label, spacing in spacings.items():
        tolerances = (1.0, 1.5, 2.75) if label != 'ct-like' else (1.03, 1.61, 2.2)
        a = ellipsoid(shape, (6.5, 5.5, 4.5), (4.2, 3.6, 3.1))
        b = ellipsoid(shape, (7.4, 5.1, 4.9), (3.8, 4.1, 2.7))
        add(f'overlapping ellipsoids, {label} spacing', a, b, spacing, tolerances)
        noisy = b ^ (rng.random(shape) < 0.04)
        add(f'noisy prediction, {label} spacing', noisy, a, spacing, tolerances)
    add('identical masks', ellipsoid(shape, (6, 6, 5), (3, 3, 2)), ellipsoid(shape, (6, 6, 5), (3, 3, 2)),
        (0.8, 0.8, 2.5), (1.0,))
    disjoint_a = np.zeros(shape, dtype=bool)
    disjoint_a[1:3, 1:4, 1:3] = True
    disjoint_b = np.zeros(shape, dtype=bool)
    disjoint_b[7:9, 8:11, 10:13] = True
    add('disjoint boxes', disjoint_a, disjoint_b, (0.5, 0.75, 2.0), (1.0, 20.0))
    border = np.zeros(shape, dtype=bool)
    border[0:4, :, 0:5] = True             # touches four faces of the grid
    add('mask touching the border', border, ellipsoid(shape, (3, 6, 2), (3, 4, 2.5)), (1.0, 1.0, 1.0), (1.0, 2.0))
    single = np.zeros(shape, dtype=bool)
    single[5, 6, 7] = True
    add('single voxel against an ellipsoid', single, ellipsoid(shape, (6.5, 5.5, 4.5), (3.2, 2.6, 2.1)),
        (0.5, 0.75, 2.0), (1.0, 3.0))
    full = np.ones(shape, dtype=bool)
    add('whole grid against an ellipsoid', full, ellipsoid(shape, (6.5, 5.5, 4.5), (4.2, 3.6, 3.1)),
        (1.0, 1.0, 1.0), (1.0, 2.5))
    empty = np.zeros(shape, dtype=bool)
    add('empty prediction', empty, ellipsoid(shape, (6, 6, 5), (3, 3, 2)), (1.0, 1.0, 1.0), (1.0,))
    add('empty reference', ellipsoid(shape, (6, 6, 5), (3, 3, 2)), empty, (1.0, 1.0, 1.0), (1.0,))
    add('both empty', empty, empty, (1.0, 1.0, 1.0), (1.0,))
    flat = (1, 16, 18)                      # a 2D mask: nz = 1
    add('2D discs', ellipsoid(flat, (8, 7, 0), (5, 4, 1)), ellipsoid(flat, (9.5, 8, 0), (4, 5, 1)),
        (0.6, 0.6, 1.0), (0.5, 1.25))

    edt = []
    for size, spacing, density in (((9, 8, 7), (0.7, 1.3, 2.1), 0.03), ((16, 5, 11), (1.0, 1.0, 1.0), 0.01),
                                   ((6, 6, 6), (0.25, 3.0, 1.5), 0.005)):
        nx, ny, nz = size
        features = rng.random((nz, ny, nx)) < density
        features[rng.integers(nz), rng.integers(ny), rng.integers(nx)] = True
        dist = distance_transform_edt(~features, sampling=spacing[::-1])
        edt.append({'size': list(size), 'spacing': list(spacing), 'features': np.flatnonzero(features.ravel()).tolist(),
                    'distances': dist.ravel().tolist()})
    return {'cases': cases, 'edt': edt}


def main():
    warnings.simplefilter('ignore')     # scikit-learn's notes on absent classes; the cases are meant to have them
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240611)
    write('wilcoxon.json', wilcoxon_fixture(rng))
    write('normal.json', normal_fixture())
    write('holm.json', holm_fixture(rng))
    write('summary.json', summary_fixture(rng))
    write('classification.json', classification_fixture(rng))
    write('bootstrap.json', bootstrap_fixture(rng))
    write('surface.json', surface_fixture(rng))


if __name__ == '__main__':
    main()
