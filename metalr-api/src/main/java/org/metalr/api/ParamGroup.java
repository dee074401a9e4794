package org.metalr.api;

import java.util.List;
import java.util.Objects;

/**
 * A named set of parameters that share one learning rate: a "layer" of the MetaLR paper.
 *
 * <p>Membership is by name prefix: a parameter belongs to the group when its name equals a prefix or
 * starts with the prefix followed by a dot ({@code layer1.0} holds {@code layer1.0.conv1.weight} but
 * not {@code layer1.01.weight}). {@link GroupLayout#resolve} checks that a list of groups partitions a
 * model's parameters.
 *
 * <p>A frozen group is not trained: its parameters get no gradient, are never moved and cost no
 * optimizer work; its learning rate is not learned.
 *
 * @param name     group name, used in logs and files ({@code stem}, {@code layer1.0}, ..., {@code fc})
 * @param prefixes name prefixes of the group's parameters
 * @param frozen   whether the group is held fixed
 */
public record ParamGroup(String name, List<String> prefixes, boolean frozen) {

    public ParamGroup {
        Objects.requireNonNull(name, "name");
        prefixes = List.copyOf(prefixes);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a parameter group needs a name");
        }
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("parameter group '" + name + "' has no prefixes");
        }
    }

    /** A trainable group. */
    public static ParamGroup of(String name, String... prefixes) {
        return new ParamGroup(name, List.of(prefixes), false);
    }

    /** This group, frozen or not. */
    public ParamGroup withFrozen(boolean frozen) {
        return new ParamGroup(name, prefixes, frozen);
    }

    /** Whether the parameter named {@code parameter} belongs to this group. */
    public boolean contains(String parameter) {
        for (String p : prefixes) {
            if (parameter.equals(p) || (parameter.startsWith(p) && parameter.charAt(p.length()) == '.')) {
                return true;
            }
        }
        return false;
    }
}
