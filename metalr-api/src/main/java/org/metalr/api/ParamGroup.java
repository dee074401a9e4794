package org.metalr.api;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A named set of parameters that share one learning rate: a "layer" of the MetaLR paper.
 *
 * <p>Membership is by name prefix or by regular expression. A parameter belongs to the group when
 * its name equals one of the prefixes or starts with one followed by a dot ({@code layer1.0} holds
 * {@code layer1.0.conv1.weight} but not {@code layer1.01.weight}), or when one of the patterns
 * matches its whole name ({@link java.util.regex} syntax: {@code layer[34]\..*} holds every tensor of
 * {@code layer3} and {@code layer4}; {@code (?!fc\.).*} holds everything outside {@code fc}).
 * {@link GroupLayout#resolve} checks that a list of groups partitions a model's parameters;
 * {@link GroupRules} writes and reads groups as text.
 *
 * <p>A frozen group is not trained: its parameters get no gradient, are never moved and cost no
 * optimizer work; its learning rate is not learned.
 *
 * @param name     group name, used in logs and files ({@code stem}, {@code layer1.0}, ..., {@code fc})
 * @param prefixes name prefixes of the group's parameters
 * @param patterns regular expressions, each matched against whole parameter names
 * @param frozen   whether the group is held fixed
 */
public record ParamGroup(String name, List<String> prefixes, List<String> patterns, boolean frozen) {

    /**
     * @throws IllegalArgumentException if the name is blank, the group has neither prefixes nor
     *     patterns, a prefix is empty, or a pattern is not a valid regular expression
     */
    public ParamGroup {
        Objects.requireNonNull(name, "name");
        prefixes = List.copyOf(prefixes);
        patterns = List.copyOf(patterns);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a parameter group needs a name");
        }
        if (prefixes.isEmpty() && patterns.isEmpty()) {
            throw new IllegalArgumentException("parameter group '" + name + "' has no prefixes and no patterns");
        }
        for (String p : prefixes) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("parameter group '" + name + "' has an empty prefix");
            }
        }
        for (String p : patterns) {
            compile(name, p);
        }
    }

    /** A group by prefixes only. */
    public ParamGroup(String name, List<String> prefixes, boolean frozen) {
        this(name, prefixes, List.of(), frozen);
    }

    /** A trainable group by name prefixes. */
    public static ParamGroup of(String name, String... prefixes) {
        return new ParamGroup(name, List.of(prefixes), List.of(), false);
    }

    /** A trainable group by regular expressions, each matched against whole parameter names. */
    public static ParamGroup matching(String name, String... patterns) {
        return new ParamGroup(name, List.of(), List.of(patterns), false);
    }

    /** This group, frozen or not. */
    public ParamGroup withFrozen(boolean frozen) {
        return new ParamGroup(name, prefixes, patterns, frozen);
    }

    /**
     * Whether the parameter named {@code parameter} belongs to this group. Compiles the patterns on
     * each call: cheap for the few groups and parameters of a model, and it keeps the record a plain
     * value (equal groups have equal pattern strings).
     */
    public boolean contains(String parameter) {
        for (String p : prefixes) {
            if (parameter.equals(p) || (parameter.startsWith(p) && parameter.charAt(p.length()) == '.')) {
                return true;
            }
        }
        for (String p : patterns) {
            if (Pattern.compile(p).matcher(parameter).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The group's prefixes and patterns, for messages: {@code prefixes [a, b], patterns [x.*]}. */
    public String describeMembers() {
        if (patterns.isEmpty()) {
            return "prefixes " + prefixes;
        }
        return prefixes.isEmpty() ? "patterns " + patterns : "prefixes " + prefixes + ", patterns " + patterns;
    }

    private static void compile(String group, String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("parameter group '" + group + "' has an invalid pattern '" + pattern
                    + "': " + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }
}
