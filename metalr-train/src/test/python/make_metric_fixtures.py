#!/usr/bin/env python3
"""Reference values for the metrics of org.metalr.train.metrics.

Writes two small JSON fixtures beside the Java tests:

  src/test/resources/metrics/classification.json
      Cases of labels with logits or class probabilities, and what scikit-learn computes for them:
      accuracy_score, confusion_matrix, precision_recall_fscore_support (per class), f1_score
      (macro) and roc_auc_score (per class one-vs-rest, and multi_class="ovr" macro), including
      tied scores and classes absent from the labels.
  src/test/resources/metrics/segmentation.json
      Probability volumes and binary masks with Dice, PPV and sensitivity per volume, their means,
      and the same over all voxels, from the textbook formulas in numpy.

Conventions the Java side documents and this script applies on top of scikit-learn: a ratio whose
denominator is zero is NaN (scikit-learn 1.2 returns 0 with a warning; 1.3+ returns NaN with
zero_division=np.nan), macro means skip NaN, an AUC with no positive or no negative sample is NaN
(scikit-learn raises). NaN is written as JSON null.

Run from the metalr-train folder with Debian's python3-sklearn (1.2) and python3-numpy:

    /usr/bin/python3 src/test/python/make_metric_fixtures.py
"""

import json
import os
import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score,
                             precision_recall_fscore_support, roc_auc_score)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "metrics")
rng = np.random.default_rng(20230917)


def nan_to_none(values):
    return [None if np.isnan(v) else float(v) for v in values]


def nanmean(values):
    values = np.asarray(values, dtype=np.float64)
    kept = values[~np.isnan(values)]
    return float(np.mean(kept)) if kept.size else float("nan")


def softmax(logits):
    # the maximum subtracted first, then exp, then one division per entry, as the Java side does
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def classification_case(name, labels, classes, logits=None, probabilities=None):
    labels = np.asarray(labels, dtype=np.int64)
    if logits is not None:
        scores = np.asarray(logits, dtype=np.float64)
        probs = softmax(scores)
    else:
        probs = np.asarray(probabilities, dtype=np.float64)
        scores = probs
    predicted = scores.argmax(axis=1)  # first maximum on ties
    k = list(range(classes))

    cm = confusion_matrix(labels, predicted, labels=k)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        precision, recall, f1, support = precision_recall_fscore_support(
            labels, predicted, labels=k, average=None, zero_division=0)
        sk_macro_f1 = f1_score(labels, predicted, labels=k, average="macro", zero_division=0)
    predicted_count = cm.sum(axis=0)
    true_count = cm.sum(axis=1)
    precision = np.where(predicted_count == 0, np.nan, precision)
    recall = np.where(true_count == 0, np.nan, recall)
    f1 = np.where((predicted_count == 0) & (true_count == 0), np.nan, f1)
    macro_f1 = nanmean(f1)
    if not np.isnan(f1).any():
        assert abs(macro_f1 - sk_macro_f1) < 1e-15, (name, macro_f1, sk_macro_f1)

    auc = []
    for c in k:
        positive = labels == c
        if positive.all() or not positive.any():
            try:
                roc_auc_score(positive, probs[:, c])
                raise AssertionError("scikit-learn defined an AUC without both classes")
            except ValueError:
                auc.append(float("nan"))
        else:
            auc.append(roc_auc_score(positive, probs[:, c]))
    macro_auc = nanmean(auc)
    if classes > 2 and not np.isnan(auc).any():
        sk_macro_auc = roc_auc_score(labels, probs, multi_class="ovr", average="macro", labels=k)
        assert abs(macro_auc - sk_macro_auc) < 1e-12, (name, macro_auc, sk_macro_auc)
        macro_auc = float(sk_macro_auc)
    if classes == 2 and not np.isnan(auc).any():
        assert abs(auc[1] - roc_auc_score(labels, probs[:, 1])) < 1e-15

    case = {
        "name": name,
        "classes": classes,
        "labels": labels.tolist(),
        "expected": {
            "accuracy": float(accuracy_score(labels, predicted)),
            "confusion": cm.tolist(),
            "sensitivity": nan_to_none(recall),
            "precision": nan_to_none(precision),
            "f1": nan_to_none(f1),
            "macroF1": None if np.isnan(macro_f1) else macro_f1,
            "auc": nan_to_none(auc),
            "macroAuc": None if np.isnan(macro_auc) else macro_auc,
        },
    }
    if logits is not None:
        case["logits"] = scores.tolist()
    else:
        case["probabilities"] = probs.tolist()
    return case


def quantised_probabilities(n, classes, steps):
    """Rows of multiples of 1/steps summing to 1: many exact ties across samples."""
    rows = []
    for _ in range(n):
        cuts = np.sort(rng.integers(0, steps + 1, size=classes - 1))
        counts = np.diff(np.concatenate([[0], cuts, [steps]]))
        rows.append(counts / steps)
    return np.array(rows)


def classification_cases():
    cases = []

    # Continuous logits, ties only between duplicated rows (identical arithmetic on both sides).
    logits = rng.normal(0.0, 2.0, size=(40, 3))
    logits[30:36] = logits[0:6]
    labels = rng.integers(0, 3, size=40)
    cases.append(classification_case("logits_3_classes", labels, 3, logits=logits))

    # Probabilities in tenths: heavy ties within every class column.
    probs = quantised_probabilities(60, 4, 10)
    labels = np.array([int(rng.choice(4, p=(0.7 * p + 0.3 / 4))) for p in probs])
    cases.append(classification_case("probabilities_4_classes_ties", labels, 4, probabilities=probs))

    # Binary, scores in twentieths, the positive-class column and its complement.
    p1 = rng.integers(0, 21, size=50) / 20.0
    labels = (rng.random(50) < 0.3 + 0.4 * p1).astype(np.int64)
    cases.append(classification_case("binary_ties", labels, 2, probabilities=np.stack([1.0 - p1, p1], axis=1)))

    # Class 3 is neither labelled nor predicted; class 2 is labelled but never predicted.
    probs = quantised_probabilities(30, 4, 10)
    probs[:, 2] = 0.0
    probs[:, 3] = 0.0
    probs[:, 0] = 1.0 - probs[:, 1]
    labels = rng.integers(0, 3, size=30)
    cases.append(classification_case("absent_classes", labels, 4, probabilities=probs))

    # Class 1 is predicted but never labelled.
    probs = quantised_probabilities(20, 3, 10)
    labels = rng.choice([0, 2], size=20)
    probs[0] = [0.1, 0.8, 0.1]
    cases.append(classification_case("predicted_never_labelled", labels, 3, probabilities=probs))

    # One class only: every AUC undefined.
    probs = quantised_probabilities(12, 3, 10)
    cases.append(classification_case("single_label", np.zeros(12, dtype=np.int64), 3, probabilities=probs))
    return cases


def overlap(probabilities, mask, threshold):
    predicted = probabilities >= threshold
    truth = mask == 1.0
    tp = int(np.sum(predicted & truth))
    fp = int(np.sum(predicted & ~truth))
    fn = int(np.sum(~predicted & truth))

    def ratio(num, den, other):
        if den == 0:
            return 1.0 if other == 0 else 0.0
        return num / den

    return {
        "voxels": int(mask.size), "truePositives": tp, "falsePositives": fp, "falseNegatives": fn,
        "dice": ratio(2 * tp, 2 * tp + fp + fn, 0),
        "ppv": ratio(tp, tp + fp, fn),
        "sensitivity": ratio(tp, tp + fn, fp),
    }


def segmentation_case(name, threshold):
    shape = (4, 5, 6)
    volumes = []
    for v in range(5):
        # multiples of 1/64 are exact in float32 and include the threshold itself
        probs = (rng.integers(0, 65, size=shape) / 64.0).astype(np.float32)
        mask = (rng.random(shape) < 0.3).astype(np.float32)
        if v == 2:
            mask[:] = 0.0
            probs = np.minimum(probs, np.float32(threshold - 1 / 64))  # both empty
        if v == 3:
            mask[:] = 0.0  # false alarms only
        if v == 4:
            probs = np.minimum(probs, np.float32(threshold - 1 / 64))  # structure missed
        volumes.append(("vol-%d" % v, probs, mask))
    per_volume = [overlap(p, m, threshold) for _, p, m in volumes]
    all_p = np.concatenate([p.ravel() for _, p, _ in volumes])
    all_m = np.concatenate([m.ravel() for _, _, m in volumes])
    return {
        "name": name,
        "threshold": threshold,
        "volumes": [{"id": i, "probabilities": p.ravel().astype(float).tolist(), "mask": m.ravel().astype(float).tolist()}
                    for i, p, m in volumes],
        "expected": {
            "perVolume": per_volume,
            "global": overlap(all_p, all_m, threshold),
            "meanDice": float(np.mean([o["dice"] for o in per_volume])),
            "meanPpv": float(np.mean([o["ppv"] for o in per_volume])),
            "meanSensitivity": float(np.mean([o["sensitivity"] for o in per_volume])),
        },
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "classification.json"), "w") as f:
        json.dump({"cases": classification_cases()}, f, allow_nan=False)
        f.write("\n")
    with open(os.path.join(OUT, "segmentation.json"), "w") as f:
        json.dump({"cases": [segmentation_case("threshold_0.5", 0.5), segmentation_case("threshold_0.25", 0.25)]},
                  f, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
