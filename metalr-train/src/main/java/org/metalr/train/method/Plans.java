package org.metalr.train.method;

import java.util.ArrayList;
import java.util.List;
import org.metalr.api.ParamGroup;

/** Building blocks of the methods' plans. */
final class Plans {

    private Plans() {}

    /** {@code scale * lr} for every group but the last, {@code lr} for the last. */
    static double[] standardLrs(int groups, double lr, double scale) {
        double[] out = new double[groups];
        for (int j = 0; j < groups; j++) {
            out[j] = j == groups - 1 ? lr : scale * lr;
        }
        return out;
    }

    static GroupPlan of(List<ParamGroup> groups, boolean[] frozen, double[] lrs) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("the model has no parameter groups");
        }
        List<ParamGroup> out = new ArrayList<>();
        for (int j = 0; j < groups.size(); j++) {
            out.add(groups.get(j).withFrozen(frozen[j]));
        }
        return new GroupPlan(out, lrs);
    }

    static List<String> names(List<ParamGroup> groups) {
        List<String> out = new ArrayList<>();
        groups.forEach(g -> out.add(g.name()));
        return out;
    }
}
