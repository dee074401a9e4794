package org.metalr.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Results of the bi-directional grid (the paper's Fig. 3a): for each setting {@code (m, n)},
 * {@code 1 <= m <= n < d}, groups m..n (1-based, in depth order) frozen and both ends fine-tuned,
 * one figure (test accuracy, say). Settings without a result are simply absent. Immutable.
 *
 * @param groups the d group names, in depth order
 * @param values figure by setting
 */
public record GridResults(List<String> groups, Map<Cell, Double> values) {

    /** One setting: groups {@code m..n} frozen, 1-based. */
    public record Cell(int m, int n) {
    }

    /**
     * @throws IllegalArgumentException if there are fewer than two groups or a setting lies outside
     *     {@code 1 <= m <= n < d}
     */
    public GridResults {
        groups = List.copyOf(groups);
        Objects.requireNonNull(values, "values");
        int d = groups.size();
        if (d < 2) {
            throw new IllegalArgumentException("the grid needs at least two groups, got " + d);
        }
        for (Cell c : values.keySet()) {
            if (c.m < 1 || c.m > c.n || c.n >= d) {
                throw new IllegalArgumentException("grid setting (" + c.m + ", " + c.n + ") is outside 1 <= m <= n < "
                        + d);
            }
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The figure of setting (m, n), if present. */
    public Optional<Double> get(int m, int n) {
        return Optional.ofNullable(values.get(new Cell(m, n)));
    }

    /** The number of settings the grid has: d(d-1)/2. */
    public int settings() {
        return groups.size() * (groups.size() - 1) / 2;
    }
}
