package org.metalr.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Parameter groups as text: an ordered list of rules, one group each, for command lines, run
 * records and models a user brings. Group order is the order of the rules (depth order: the last
 * group is the classifier for the rules that treat it apart).
 *
 * <pre>
 * stem: conv1 bn1; body: /layer[1-4]\..*&#47;; fc (frozen): fc
 * </pre>
 *
 * <ul>
 *   <li>rules are separated by {@code ;} or line breaks; blank rules are skipped;
 *   <li>a rule is {@code name: member member ...}, the name followed by {@code (frozen)} for a
 *       frozen group;
 *   <li>members are separated by white space; a member between slashes ({@code /regex/}) is a
 *       pattern matched against whole parameter names, any other member a name prefix (see
 *       {@link ParamGroup}). A pattern cannot hold white space or {@code ;}: write {@code \s} or
 *       {@code \x3B}.
 * </ul>
 *
 * Whether the groups partition a model's parameters is checked later, against the model
 * ({@link GroupLayout#resolve}). Stateless.
 */
public final class GroupRules {

    private static final String FROZEN = "(frozen)";

    private GroupRules() {}

    /**
     * The groups {@code spec} describes, in its order.
     *
     * @throws IllegalArgumentException naming the rule when one has no {@code :}, no name, no member,
     *     an invalid pattern, or a name an earlier rule already used
     */
    public static List<ParamGroup> parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        List<ParamGroup> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String raw : spec.split("[;\\n]")) {
            String rule = raw.strip();
            if (rule.isEmpty()) {
                continue;
            }
            int colon = rule.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("group rule '" + rule + "' lacks ':' (expected 'name: member ...')");
            }
            String name = rule.substring(0, colon).strip();
            boolean frozen = name.endsWith(FROZEN);
            if (frozen) {
                name = name.substring(0, name.length() - FROZEN.length()).strip();
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("group rule '" + rule + "' has no group name");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("group rule '" + rule + "' repeats the group name '" + name + "'");
            }
            List<String> prefixes = new ArrayList<>();
            List<String> patterns = new ArrayList<>();
            for (String member : rule.substring(colon + 1).strip().split("\\s+")) {
                if (member.isEmpty()) {
                    continue;
                }
                if (isPattern(member)) {
                    patterns.add(member.substring(1, member.length() - 1));
                } else {
                    prefixes.add(member);
                }
            }
            if (prefixes.isEmpty() && patterns.isEmpty()) {
                throw new IllegalArgumentException("group rule '" + rule + "' lists no prefix or /pattern/");
            }
            out.add(new ParamGroup(name, prefixes, patterns, frozen));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no group rules in '" + spec + "'");
        }
        return List.copyOf(out);
    }

    /**
     * {@code groups} as one line that {@link #parse} reads back to equal groups: prefixes first, then
     * patterns, within each group.
     *
     * @throws IllegalArgumentException naming the group when its name or a member cannot be written
     *     (a name with {@code :}, {@code ;} or a line break; a member with white space or {@code ;};
     *     a prefix between slashes)
     */
    public static String format(List<ParamGroup> groups) {
        StringBuilder out = new StringBuilder();
        for (ParamGroup g : groups) {
            if (g.name().strip().length() != g.name().length() || g.name().matches(".*[:;\\n].*")
                    || g.name().endsWith(FROZEN)) {
                throw new IllegalArgumentException("group name '" + g.name() + "' cannot be written as a rule");
            }
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(g.name()).append(g.frozen() ? " " + FROZEN : "").append(':');
            for (String prefix : g.prefixes()) {
                writable(g, prefix);
                if (isPattern(prefix)) {
                    throw new IllegalArgumentException(
                            "prefix '" + prefix + "' of group '" + g.name() + "' would read back as a pattern");
                }
                out.append(' ').append(prefix);
            }
            for (String pattern : g.patterns()) {
                writable(g, pattern);
                out.append(" /").append(pattern).append('/');
            }
        }
        return out.toString();
    }

    private static boolean isPattern(String member) {
        return member.length() >= 2 && member.startsWith("/") && member.endsWith("/");
    }

    private static void writable(ParamGroup g, String member) {
        if (member.isEmpty() || member.matches("(?s).*[\\s;].*")) {
            throw new IllegalArgumentException(
                    "member '" + member + "' of group '" + g.name() + "' cannot be written as a rule");
        }
    }
}
