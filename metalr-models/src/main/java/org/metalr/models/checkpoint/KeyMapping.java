package org.metalr.models.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the keys of a checkpoint become the names of a model's tensors: an immutable, ordered list of
 * rules, built fluently, applied in the order added by {@link StateDictMatcher}. Patterns are Java
 * regular expressions matched anywhere in the key ({@code find}); anchor them with {@code ^} and
 * {@code $} as needed.
 *
 * <pre>{@code
 * // Models Genesis: weights saved from a DataParallel wrapper
 * KeyMapping.identity().stripPrefix("module.");
 * // an ImageNet ResNet-18 fine-tuned to 3 classes: its fc does not fit, keep the new head
 * KeyMapping.identity().drop("^fc\\.").allowMissing("^fc\\.");
 * // a contrastive backbone under other names: the n-th features tensor is the n-th backbone tensor
 * KeyMapping.identity().drop("^l[12]\\.").mapByOrder("^features\\.", "^(?!fc\\.)").allowMissing("^fc\\.");
 * }</pre>
 */
public final class KeyMapping {

    /** One renaming or filtering step. */
    sealed interface Rule permits StripPrefix, Drop, Rename, MapByOrder {}

    /** Removes {@code prefix} from keys that start with it. */
    record StripPrefix(String prefix) implements Rule {}

    /** Removes matching keys from the checkpoint; they are reported as ignored. */
    record Drop(Pattern pattern) implements Rule {}

    /** Replaces every match in a key, as {@link java.util.regex.Matcher#replaceAll(String)} ($1 for groups). */
    record Rename(Pattern pattern, String replacement) implements Rule {}

    /** Renames the n-th matching key (in checkpoint order) to the n-th matching model name (in model order). */
    record MapByOrder(Pattern source, Pattern target) implements Rule {}

    private static final KeyMapping IDENTITY = new KeyMapping(List.of(), List.of());

    private final List<Rule> rules;
    private final List<Pattern> allowMissing;

    private KeyMapping(List<Rule> rules, List<Pattern> allowMissing) {
        this.rules = rules;
        this.allowMissing = allowMissing;
    }

    /** No rules: checkpoint keys must equal the model's names. */
    public static KeyMapping identity() {
        return IDENTITY;
    }

    /** Then: keys starting with {@code prefix} lose it (others are left as they are). */
    public KeyMapping stripPrefix(String prefix) {
        if (Objects.requireNonNull(prefix, "prefix").isEmpty()) {
            throw new IllegalArgumentException("empty prefix");
        }
        return with(new StripPrefix(prefix));
    }

    /** Then: keys matching {@code regex} are dropped from the checkpoint and reported as ignored. */
    public KeyMapping drop(String regex) {
        return with(new Drop(Pattern.compile(regex)));
    }

    /**
     * Then: in keys matching {@code regex}, every match is replaced by {@code replacement}, which may
     * refer to groups as {@code $1} or {@code ${name}}.
     */
    public KeyMapping rename(String regex, String replacement) {
        return with(new Rename(Pattern.compile(regex), Objects.requireNonNull(replacement, "replacement")));
    }

    /**
     * Then: the keys matching {@code sourceRegex}, in checkpoint order, are renamed to the model's
     * names matching {@code targetRegex}, in model order, one to one. The two lists must be equally
     * long, and each pair must agree in shape; otherwise loading fails naming the pairs.
     */
    public KeyMapping mapByOrder(String sourceRegex, String targetRegex) {
        return with(new MapByOrder(Pattern.compile(sourceRegex), Pattern.compile(targetRegex)));
    }

    /**
     * Model tensors whose names match {@code regex} may be absent from the checkpoint: they keep their
     * initial values and are reported as left at initialisation. Not a renaming step; its position
     * among the rules does not matter.
     */
    public KeyMapping allowMissing(String regex) {
        List<Pattern> patterns = new ArrayList<>(allowMissing);
        patterns.add(Pattern.compile(regex));
        return new KeyMapping(rules, List.copyOf(patterns));
    }

    private KeyMapping with(Rule rule) {
        List<Rule> next = new ArrayList<>(rules);
        next.add(rule);
        return new KeyMapping(List.copyOf(next), allowMissing);
    }

    List<Rule> rules() {
        return rules;
    }

    boolean isAllowedMissing(String name) {
        for (Pattern p : allowMissing) {
            if (p.matcher(name).find()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Rule r : rules) {
            if (r instanceof StripPrefix s) {
                parts.add("strip prefix '" + s.prefix() + "'");
            } else if (r instanceof Drop d) {
                parts.add("drop /" + d.pattern() + "/");
            } else if (r instanceof Rename n) {
                parts.add("rename /" + n.pattern() + "/ to '" + n.replacement() + "'");
            } else if (r instanceof MapByOrder m) {
                parts.add("map /" + m.source() + "/ onto /" + m.target() + "/ by order");
            }
        }
        for (Pattern p : allowMissing) {
            parts.add("allow missing /" + p + "/");
        }
        return parts.isEmpty() ? "identity" : String.join(", ", parts);
    }
}
