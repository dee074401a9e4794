package org.metalr.train.metrics;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Summarises figures over repetitions (seeds, folds): add each run's figures by name, then read the
 * {@link Spread} of each name. {@code NaN}s (a figure undefined in that run, or JSON {@code null}) are
 * left out of the spread and counted. Names keep the order in which they were first added.
 * Not thread-safe.
 */
public final class SeedSummary {

    /**
     * The summary of one figure.
     *
     * @param spread  median, min and max of the defined values ({@link Spread#UNDEFINED} if none)
     * @param count   defined values summarised
     * @param ignored NaN values left out
     */
    public record Entry(Spread spread, int count, int ignored) {
        public Entry {
            Objects.requireNonNull(spread, "spread");
        }
    }

    private final Map<String, double[]> values = new LinkedHashMap<>();

    /** Adds one value of figure {@code name}; NaN is counted as ignored. */
    public SeedSummary add(String name, double value) {
        Objects.requireNonNull(name, "name");
        double[] old = values.getOrDefault(name, new double[0]);
        double[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = value;
        values.put(name, grown);
        return this;
    }

    /** Adds one run's figures by name; a null value counts as NaN. */
    public SeedSummary addRun(Map<String, ? extends Number> figures) {
        Objects.requireNonNull(figures, "figures");
        figures.forEach((name, value) -> add(name, value == null ? Double.NaN : value.doubleValue()));
        return this;
    }

    /**
     * The summary of {@code name}.
     *
     * @throws IllegalArgumentException if no value of {@code name} was added
     */
    public Entry entry(String name) {
        double[] all = values.get(name);
        if (all == null) {
            throw new IllegalArgumentException("no values of '" + name + "'; known: " + values.keySet());
        }
        int defined = 0;
        double[] kept = new double[all.length];
        for (double v : all) {
            if (!Double.isNaN(v)) {
                kept[defined++] = v;
            }
        }
        Spread spread = defined == 0 ? Spread.UNDEFINED : Spread.of(Arrays.copyOf(kept, defined));
        return new Entry(spread, defined, all.length - defined);
    }

    /** Every figure's summary, in first-added order; serialised as this object's JSON form. */
    @JsonValue
    public Map<String, Entry> entries() {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (String name : values.keySet()) {
            out.put(name, entry(name));
        }
        return Collections.unmodifiableMap(out);
    }
}
