package org.metalr.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A reading of a network's depth: its parameter groups arranged in levels, shallowest first. Layer-wise
 * methods freeze or train "the K shallowest" by it; groups on one level move together. ResNet-18's
 * order is its groups in sequence; the 3D U-Net has two readings (data-flow order, and the "U" read
 * from the top).
 *
 * @param name   the reading's name ({@code sequential}, {@code I1}, {@code I2})
 * @param levels group names per level, shallowest first; every group appears exactly once
 */
public record DepthOrder(String name, List<List<String>> levels) {

    public DepthOrder {
        List<List<String>> copy = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<String> level : levels) {
            if (level.isEmpty()) {
                throw new IllegalArgumentException("depth order '" + name + "' has an empty level");
            }
            for (String g : level) {
                if (!seen.add(g)) {
                    throw new IllegalArgumentException("group '" + g + "' appears twice in depth order '" + name + "'");
                }
            }
            copy.add(List.copyOf(level));
        }
        levels = List.copyOf(copy);
    }

    /** Each group its own level, in the given order. */
    public static DepthOrder sequential(List<String> groups) {
        List<List<String>> levels = new ArrayList<>();
        for (String g : groups) {
            levels.add(List.of(g));
        }
        return new DepthOrder("sequential", levels);
    }

    /** Number of levels. */
    public int depth() {
        return levels.size();
    }

    /** Group names of the {@code k} shallowest levels ({@code k} in 0..depth). */
    public List<String> shallowest(int k) {
        return flatten(levels.subList(0, check(k)));
    }

    /** Group names of the {@code k} deepest levels ({@code k} in 0..depth). */
    public List<String> deepest(int k) {
        return flatten(levels.subList(levels.size() - check(k), levels.size()));
    }

    private int check(int k) {
        if (k < 0 || k > levels.size()) {
            throw new IllegalArgumentException(
                    "depth order '" + name + "' has " + levels.size() + " levels; cannot take " + k);
        }
        return k;
    }

    private static List<String> flatten(List<List<String>> levels) {
        List<String> out = new ArrayList<>();
        levels.forEach(out::addAll);
        return out;
    }
}
