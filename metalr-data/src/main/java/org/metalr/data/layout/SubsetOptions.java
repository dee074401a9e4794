package org.metalr.data.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.metalr.api.UserInputException;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.Sample;
import org.metalr.data.SeededRandom;
import org.metalr.data.Splits;

/**
 * A few-label cut of a classification dataset's splits, the same for every classification layout: keep some
 * classes ({@code --classes}), relabelled {@code 0..k-1} in the order given, in every split; keep {@code N}
 * training images per class ({@code --train-per-class}) and {@code M} meta-validation images per class
 * ({@code --val-per-class}); the test set keeps every image of the kept classes.
 *
 * <p>The images kept of a class are the first {@code N} of the class's images shuffled by a generator
 * seeded with the split seed and the class's index in the dataset (not its new label): the same
 * {@code --split-seed} keeps the same images for every method and training seed, whatever the order of
 * {@code --classes}, and a smaller {@code N} keeps a subset of a larger one's images. Kept images stay in
 * the set's order. The cut is applied to each run's splits after the layout made them (after the
 * meta-validation hold-out, within each fold), so the held-out images do not depend on {@code N}.
 *
 * <p>Immutable; {@link #none()} changes nothing.
 *
 * @param classes       the classes to keep, each a class name or else a class index, in the new label order;
 *                      empty to keep every class
 * @param trainPerClass training images to keep per class, or null for all
 * @param valPerClass   meta-validation images to keep per class, or null for all
 */
public record SubsetOptions(List<String> classes, Integer trainPerClass, Integer valPerClass) {

    /** Keys mixed into the split seed, one per set, so the two choices are independent. */
    private static final long TRAIN_KEY = 0x54524149L;
    private static final long VAL_KEY = 0x56414C49L;

    /** @throws UserInputException naming the flag of an empty class or a count below 1 */
    public SubsetOptions {
        classes = classes == null ? List.of() : classes.stream().map(String::strip).toList();
        if (classes.contains("")) {
            throw new UserInputException("--classes: an empty class in " + classes + "; give names or indices"
                    + " separated by commas");
        }
        requirePositive("--train-per-class", trainPerClass);
        requirePositive("--val-per-class", valPerClass);
    }

    private static void requirePositive(String flag, Integer n) {
        if (n != null && n < 1) {
            throw new UserInputException(flag + " must be at least 1, got " + n);
        }
    }

    /** Every class, every image. */
    public static SubsetOptions none() {
        return new SubsetOptions(List.of(), null, null);
    }

    /** Whether this cut changes nothing. */
    public boolean isNone() {
        return classes.isEmpty() && trainPerClass == null && valPerClass == null;
    }

    /**
     * The cut {@code splits}: the kept classes in every set, {@link #trainPerClass} training and
     * {@link #valPerClass} meta-validation images per kept class.
     *
     * @param seed the split seed ({@code --split-seed})
     * @throws UserInputException naming the flag: a class the data does not have, a class given twice, fewer
     *     than two classes, or a count larger than a kept class has in its set
     */
    public DatasetSplits apply(DatasetSplits splits, long seed) {
        if (isNone()) {
            return splits;
        }
        List<String> names = splits.train().classes();
        int[] keep = resolve(names);
        List<String> kept = Arrays.stream(keep).mapToObj(names::get).toList();
        LabelledSet train = cut(splits.train(), keep, kept, trainPerClass, SeededRandom.mixKeys(seed, TRAIN_KEY),
                "--train-per-class", "training");
        LabelledSet val = cut(splits.metaValidation(), keep, kept, valPerClass, SeededRandom.mixKeys(seed, VAL_KEY),
                "--val-per-class", "meta-validation");
        LabelledSet test = cut(splits.test(), keep, kept, null, seed, null, "test");
        return new DatasetSplits(train, val, test);
    }

    /** The dataset's indices of {@link #classes} in their order, or every class. */
    private int[] resolve(List<String> names) {
        if (classes.isEmpty()) {
            return java.util.stream.IntStream.range(0, names.size()).toArray();
        }
        int[] out = new int[classes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = index(names, classes.get(i));
            for (int j = 0; j < i; j++) {
                if (out[j] == out[i]) {
                    throw new UserInputException("--classes names class '" + names.get(out[i]) + "' twice");
                }
            }
        }
        if (out.length < 2) {
            throw new UserInputException("--classes keeps " + out.length + " class; a classifier needs 2 or more");
        }
        return out;
    }

    /** A class's index: its exact name, else its name ignoring case, else an index into the classes. */
    private static int index(List<String> names, String token) {
        int exact = names.indexOf(token);
        if (exact >= 0) {
            return exact;
        }
        for (int c = 0; c < names.size(); c++) {
            if (names.get(c).toLowerCase(Locale.ROOT).equals(token.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        try {
            int c = Integer.parseInt(token);
            if (c >= 0 && c < names.size()) {
                return c;
            }
        } catch (NumberFormatException e) {
            // not an index either: refused below
        }
        List<String> listed = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            listed.add(names.get(c).equals(Integer.toString(c)) ? names.get(c) : c + " " + names.get(c));
        }
        throw new UserInputException("--classes: the data has no class '" + token + "'; its classes are "
                + String.join(", ", listed));
    }

    /**
     * The samples of {@code set} whose classes {@code keep} lists, at most {@code perClass} of each (chosen as
     * the class comment says), in set order, relabelled by their class's position in {@code keep}.
     */
    private static LabelledSet cut(LabelledSet set, int[] keep, List<String> kept, Integer perClass, long seed,
            String flag, String what) {
        int[][] byClass = Splits.indicesByClass(set);
        boolean[] picked = new boolean[set.size()];
        for (int c : keep) {
            int[] idx = byClass[c].clone();
            int take = idx.length;
            if (perClass != null) {
                if (perClass > idx.length) {
                    throw new UserInputException(flag + " " + perClass + ": class '" + set.classes().get(c) + "' has "
                            + idx.length + " " + what + " images");
                }
                SeededRandom.derive(seed, c).shuffle(idx);
                take = perClass;
            }
            for (int k = 0; k < take; k++) {
                picked[idx[k]] = true;
            }
        }
        int[] label = new int[set.classes().size()];
        for (int i = 0; i < keep.length; i++) {
            label[keep[i]] = i;
        }
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < picked.length; i++) {
            if (picked[i]) {
                Sample s = set.get(i);
                out.add(new Sample(s.path(), label[s.label()], s.image()));
            }
        }
        return new LabelledSet(kept, out);
    }

    /** What the cut keeps, for the dataset's description: "classes Sandal, Shirt as 0..1, 20 training images per class". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!classes.isEmpty()) {
            parts.add("classes " + String.join(", ", classes) + " as 0.." + (classes.size() - 1));
        }
        if (trainPerClass != null) {
            parts.add(trainPerClass + " training images per class");
        }
        if (valPerClass != null) {
            parts.add(valPerClass + " meta-validation images per class");
        }
        return String.join(", ", parts);
    }
}
