package org.metalr.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parameter groups resolved against one model's parameter list: which group each parameter belongs
 * to. Immutable.
 */
public final class GroupLayout {

    private final List<ParamGroup> groups;
    private final List<TensorInfo> parameters;
    private final int[] groupOf;

    private GroupLayout(List<ParamGroup> groups, List<TensorInfo> parameters, int[] groupOf) {
        this.groups = groups;
        this.parameters = parameters;
        this.groupOf = groupOf;
    }

    /**
     * Assigns every parameter to its group.
     *
     * @throws IllegalArgumentException if a parameter belongs to no group or to two, if two groups
     *     share a name, or if a group holds no parameter
     */
    public static GroupLayout resolve(List<ParamGroup> groups, List<TensorInfo> parameters) {
        List<ParamGroup> g = List.copyOf(groups);
        if (g.isEmpty()) {
            throw new IllegalArgumentException("at least one parameter group is needed");
        }
        for (int i = 0; i < g.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (g.get(i).name().equals(g.get(j).name())) {
                    throw new IllegalArgumentException("two parameter groups are named '" + g.get(i).name() + "'");
                }
            }
        }
        int[] groupOf = new int[parameters.size()];
        int[] counts = new int[g.size()];
        for (int p = 0; p < parameters.size(); p++) {
            String name = parameters.get(p).name();
            groupOf[p] = -1;
            for (int j = 0; j < g.size(); j++) {
                if (g.get(j).contains(name)) {
                    if (groupOf[p] >= 0) {
                        throw new IllegalArgumentException("parameter '" + name + "' is in both groups '"
                                + g.get(groupOf[p]).name() + "' and '" + g.get(j).name() + "'");
                    }
                    groupOf[p] = j;
                }
            }
            if (groupOf[p] < 0) {
                throw new IllegalArgumentException("parameter '" + name + "' is in no group; groups: " + names(g));
            }
            counts[groupOf[p]]++;
        }
        for (int j = 0; j < g.size(); j++) {
            if (counts[j] == 0) {
                throw new IllegalArgumentException(
                        "parameter group '" + g.get(j).name() + "' matches no parameter ("
                                + g.get(j).describeMembers() + ")");
            }
        }
        return new GroupLayout(g, List.copyOf(parameters), groupOf);
    }

    private static List<String> names(List<ParamGroup> groups) {
        List<String> out = new ArrayList<>();
        for (ParamGroup g : groups) {
            out.add(g.name());
        }
        return out;
    }

    public List<ParamGroup> groups() {
        return groups;
    }

    public List<String> groupNames() {
        return names(groups);
    }

    public List<TensorInfo> parameters() {
        return parameters;
    }

    /** Index of the group of parameter {@code p} (index into {@link #parameters()}). */
    public int groupOf(int p) {
        return groupOf[p];
    }

    /** Whether parameter {@code p} is trained (its group is not frozen). */
    public boolean trainable(int p) {
        return !groups.get(groupOf[p]).frozen();
    }

    /** One flag per parameter: true where its group is trained. */
    public boolean[] trainableMask() {
        boolean[] mask = new boolean[groupOf.length];
        for (int p = 0; p < mask.length; p++) {
            mask[p] = trainable(p);
        }
        return mask;
    }

    /** Spreads one value per group to one value per parameter; frozen parameters get 0. */
    public double[] perParameter(double[] perGroup) {
        if (perGroup.length != groups.size()) {
            throw new IllegalArgumentException(
                    "expected " + groups.size() + " values (one per group), got " + perGroup.length);
        }
        double[] out = new double[groupOf.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = trainable(p) ? perGroup[groupOf[p]] : 0.0;
        }
        return out;
    }

    /** Sums one value per parameter into one value per group, in parameter order. */
    public double[] sumPerGroup(double[] perParameter) {
        double[] out = new double[groups.size()];
        for (int p = 0; p < perParameter.length; p++) {
            out[groupOf[p]] += perParameter[p];
        }
        return out;
    }

    @Override
    public String toString() {
        return "GroupLayout" + names(groups) + " over " + parameters.size() + " parameters, groupOf="
                + Arrays.toString(groupOf);
    }
}
