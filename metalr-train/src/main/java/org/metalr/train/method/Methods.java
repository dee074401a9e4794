package org.metalr.train.method;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.metalr.api.DepthOrder;
import org.metalr.api.ParamGroup;
import org.metalr.api.registry.Registry;

/**
 * The fine-tuning methods on the class path ({@link MethodKind}s found with {@code ServiceLoader}), and
 * everything made from them: reading a spelling, the forms help and errors list, the comparison's
 * default methods. Thread-safe; the registry is loaded once, on first use.
 */
public final class Methods {

    private Methods() {}

    /** Loaded on first use. */
    private static final class Holder {
        static final Registry<MethodKind> REGISTRY = Registry.load(MethodKind.class, "method");
        static final List<MethodKind> ORDERED = REGISTRY.all().stream()
                .sorted(Comparator.comparingInt(MethodKind::order).thenComparing(MethodKind::name)).toList();
    }

    /** Every registered kind, sorted by name. */
    public static Registry<MethodKind> registry() {
        return Holder.REGISTRY;
    }

    /** Every registered kind in listing order ({@link MethodKind#order()}, then name). */
    public static List<MethodKind> kinds() {
        return Holder.ORDERED;
    }

    /** Every kind's forms, in listing order: {@code last, all, layerwise:K, bidir:M-N, ...}. */
    public static List<String> forms() {
        List<String> out = new ArrayList<>();
        kinds().forEach(k -> out.addAll(k.forms()));
        return out;
    }

    /**
     * Reads a method's spelling: the name up to the first {@code :} selects the kind, which reads the rest.
     *
     * @throws InvalidConfigException naming {@code method} for no spelling, an unknown name or a malformed
     *     argument, listing the forms
     */
    public static Method parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidConfigException("method", "no method given; expected one of " + String.join(", ", forms()));
        }
        String spec = text.trim();
        String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        if (!registry().has(name)) {
            throw new InvalidConfigException("method", "unknown method '" + spec + "'; expected one of "
                    + String.join(", ", forms()));
        }
        return registry().named(name).parse(spec);
    }

    /** The error of a spelling whose name is known but whose argument its kind cannot read. */
    public static InvalidConfigException malformed(String spec) {
        return new InvalidConfigException("method", "malformed method '" + spec + "'; expected one of "
                + String.join(", ", forms()));
    }

    /**
     * The {@code NAME=VALUE} options of a spelling {@code kind:NAME=VALUE:...}, in their order; empty for
     * the bare {@code kind}.
     *
     * @param known the option names the kind reads
     * @throws InvalidConfigException naming {@code method} for another spelling, an option outside
     *     {@code known}, one without a value, or one given twice
     */
    public static java.util.LinkedHashMap<String, String> options(String spec, String kind, List<String> known) {
        java.util.LinkedHashMap<String, String> options = new java.util.LinkedHashMap<>();
        if (spec.equals(kind)) {
            return options;
        }
        if (!spec.startsWith(kind + ":")) {
            throw malformed(spec);
        }
        for (String pair : spec.substring(kind.length() + 1).split(":", -1)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (eq < 0 || !known.contains(key)) {
                throw new InvalidConfigException("method", "'" + spec + "': '" + pair + "' is not an option of "
                        + kind + "; expected NAME=VALUE with NAME one of " + String.join(", ", known));
            }
            if (options.containsKey(key)) {
                throw new InvalidConfigException("method", "'" + spec + "' sets " + key + " twice");
            }
            options.put(key, pair.substring(eq + 1));
        }
        return options;
    }

    /**
     * A group count or index in a spelling.
     *
     * @throws InvalidConfigException naming {@code method} when {@code digits} do not fit an int
     */
    public static int count(String digits, String spec) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("method", "'" + spec + "': " + digits + " is not a group count");
        }
    }

    /**
     * The methods a comparison runs when the user names none: every kind's
     * {@link MethodKind#comparisonDefaults}, in listing order.
     */
    public static List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
            boolean segmentation) {
        List<String> out = new ArrayList<>();
        kinds().forEach(k -> out.addAll(k.comparisonDefaults(groups, readings, segmentation)));
        return out;
    }
}
