package org.metalr.train.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.metalr.api.ParamGroup;

/**
 * What a {@link Method} makes of a model's parameter groups: which are frozen and each group's
 * initial learning rate. Immutable; accessors return copies.
 *
 * @param groups     the model's groups in depth order, with the method's frozen flags
 * @param initialLrs one initial learning rate per group (frozen groups keep theirs, unused)
 */
public record GroupPlan(List<ParamGroup> groups, double[] initialLrs) {

    public GroupPlan {
        groups = List.copyOf(groups);
        initialLrs = initialLrs.clone();
        if (initialLrs.length != groups.size()) {
            throw new IllegalArgumentException(initialLrs.length + " learning rates for " + groups.size() + " groups");
        }
    }

    /**
     * The groups with {@code frozen} flags (replacing theirs) and initial rates {@code lrs}, one each.
     *
     * @throws IllegalArgumentException if there is no group or an array's length differs from the groups'
     */
    public static GroupPlan of(List<ParamGroup> groups, boolean[] frozen, double[] lrs) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("the model has no parameter groups");
        }
        if (frozen.length != groups.size()) {
            throw new IllegalArgumentException(frozen.length + " frozen flags for " + groups.size() + " groups");
        }
        List<ParamGroup> out = new ArrayList<>();
        for (int j = 0; j < groups.size(); j++) {
            out.add(groups.get(j).withFrozen(frozen[j]));
        }
        return new GroupPlan(out, lrs);
    }

    /**
     * Groups {@code first..last} (counted from 1, both included; none if {@code last < first}) frozen, the
     * others trained, every group at the {@link #standardLrs standard rates}.
     */
    public static GroupPlan freezing(List<ParamGroup> groups, int first, int last, double lr, double scale) {
        boolean[] frozen = new boolean[groups.size()];
        for (int j = first - 1; j < last; j++) {
            frozen[j] = true;
        }
        return of(groups, frozen, standardLrs(groups.size(), lr, scale));
    }

    /** Every group trained, at the {@link #standardLrs standard rates}. */
    public static GroupPlan standard(List<ParamGroup> groups, double lr, double scale) {
        return freezing(groups, 1, 0, lr, scale);
    }

    /** The standard initial rates: {@code scale * lr} for every group but the last, {@code lr} for the last. */
    public static double[] standardLrs(int groups, double lr, double scale) {
        double[] out = new double[groups];
        for (int j = 0; j < groups; j++) {
            out[j] = j == groups - 1 ? lr : scale * lr;
        }
        return out;
    }

    /** The names of {@code groups}, in order: for messages. */
    public static List<String> names(List<ParamGroup> groups) {
        return groups.stream().map(ParamGroup::name).toList();
    }

    @Override
    public double[] initialLrs() {
        return initialLrs.clone();
    }

    /** Group names, in order. */
    public List<String> names() {
        return names(groups);
    }

    /** One flag per group: true where frozen. */
    public boolean[] frozen() {
        boolean[] out = new boolean[groups.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = groups.get(j).frozen();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupPlan p && groups.equals(p.groups) && Arrays.equals(initialLrs, p.initialLrs);
    }

    @Override
    public int hashCode() {
        return 31 * groups.hashCode() + Arrays.hashCode(initialLrs);
    }

    @Override
    public String toString() {
        return "GroupPlan[" + names() + ", frozen=" + Arrays.toString(frozen()) + ", lrs=" + Arrays.toString(initialLrs) + "]";
    }
}
