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

    @Override
    public double[] initialLrs() {
        return initialLrs.clone();
    }

    /** Group names, in order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        groups.forEach(g -> out.add(g.name()));
        return out;
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
