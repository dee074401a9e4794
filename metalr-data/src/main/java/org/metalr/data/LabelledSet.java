package org.metalr.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An ordered, immutable list of samples together with the names of its classes; class {@code k}
 * is named {@code classes().get(k)}. Subsets keep the class list, so labels mean the same thing in
 * the train, meta-validation and test sets cut from one dataset.
 */
public final class LabelledSet {

    private final List<String> classes;
    private final List<Sample> samples;

    /**
     * @throws IllegalArgumentException if a sample's label is not an index into {@code classes}, or
     *                                  two classes share a name
     */
    public LabelledSet(List<String> classes, List<Sample> samples) {
        this.classes = List.copyOf(classes);
        this.samples = List.copyOf(samples);
        if (this.classes.stream().distinct().count() != this.classes.size()) {
            throw new IllegalArgumentException("duplicate class names in " + this.classes);
        }
        for (Sample s : this.samples) {
            if (s.label() >= this.classes.size()) {
                throw new IllegalArgumentException(
                        "label " + s.label() + " of " + s.name() + " is outside the " + this.classes.size() + " classes");
            }
        }
    }

    /** Class names, indexed by label. */
    public List<String> classes() {
        return classes;
    }

    public List<Sample> samples() {
        return samples;
    }

    public int size() {
        return samples.size();
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    /** The {@code index}-th sample; throws {@link IndexOutOfBoundsException} outside the set. */
    public Sample get(int index) {
        return samples.get(index);
    }

    /** Number of samples of each class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (Sample s : samples) {
            counts[s.label()]++;
        }
        return counts;
    }

    /**
     * The samples at {@code indices}, in that order, with the same classes.
     *
     * @throws IndexOutOfBoundsException if an index is outside the set
     */
    public LabelledSet subset(int[] indices) {
        List<Sample> picked = new ArrayList<>(indices.length);
        for (int i : indices) {
            picked.add(samples.get(i));
        }
        return new LabelledSet(classes, picked);
    }

    /**
     * This set's samples followed by {@code other}'s.
     *
     * @throws IllegalArgumentException if the two sets name different classes
     */
    public LabelledSet concat(LabelledSet other) {
        if (!classes.equals(other.classes)) {
            throw new IllegalArgumentException("cannot join sets with classes " + classes + " and " + other.classes);
        }
        List<Sample> all = new ArrayList<>(samples);
        all.addAll(other.samples);
        return new LabelledSet(classes, all);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelledSet other && classes.equals(other.classes) && samples.equals(other.samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classes, samples);
    }

    @Override
    public String toString() {
        return "LabelledSet[" + samples.size() + " samples, classes " + classes + ", per class "
                + Arrays.toString(classCounts()) + "]";
    }
}
