package org.metalr.train.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metalr.api.LrRule;

/**
 * MetaLR's options as the command line and the {@code metalr} method's spelling write them, read into an
 * {@link LrRule}: one reader for both, so {@code --lookahead optimizer} and
 * {@code metalr:lookahead=optimizer} mean the same. Each option sets one thing of the rule:
 * <ul>
 *   <li>{@code rule}: {@code paper}, {@code official}, {@code multiplicative} or {@code cosine}: that
 *       named rule with all its own settings (only the hyper step size stays as it was; see below for
 *       what a spelling's {@code rule} keeps of the run's);</li>
 *   <li>{@code eta}: the hyper step size; {@code hold}: epochs the last group's rate is held;</li>
 *   <li>{@code lookahead}: {@code gradient} or {@code optimizer} (the real optimizer's update per unit rate);</li>
 *   <li>{@code normalize}: {@code none} or {@code cosine};</li>
 *   <li>{@code update}: {@code additive}, {@code multiplicative} or {@code log};</li>
 *   <li>{@code floor}, {@code ceiling}: a rate ({@code 1e-6}) or a factor of each group's initial rate
 *       ({@code 0.01x}); {@code none} for no ceiling;</li>
 *   <li>{@code every}: the rates move every K iterations.</li>
 * </ul>
 * Errors are {@link InvalidConfigException}s naming the setting the caller gives (the flag, or
 * {@code method}).
 *
 * <h2>What {@code rule=NAME} keeps</h2>
 * A run's rule is a named rule with the options the user gave over it ({@link MethodSettings#ruleOptions}:
 * the command's flags the user actually passed, or for a rule built in code the fields where it differs from
 * its named rule, {@link #given}). A spelling's {@code rule=NAME} takes that named rule with its own
 * settings and puts those given options back over it, then the spelling's other options: so
 * {@code metalr:rule=official} is exactly {@link LrRule#official()} under the command's defaults, whatever
 * the default rule is, and {@code --hyper-normalize cosine} with {@code metalr:rule=official} is
 * {@code official} with the cosine signal. A default never travels from one named rule to another.
 */
public final class MetaLrOptions {

    /** The options, in the order a spelling writes them ({@code rule} first: it replaces the rule the others go over). */
    public static final List<String> OPTIONS = List.of("rule", "eta", "hold", "lookahead", "normalize", "update",
            "floor", "ceiling", "every");

    /** The named rules. */
    public static final List<String> RULES = LrRule.NAMES;

    private MetaLrOptions() {}

    /**
     * {@code rule} with {@code option} set to {@code value}.
     *
     * @param setting what an error names: the flag ({@code lookahead}) or {@code method}
     * @return the value as a spelling writes it back, with the new rule
     * @throws InvalidConfigException naming {@code setting} for an unknown option or a value it cannot take
     */
    public static Applied apply(LrRule rule, String option, String value, String setting) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            return switch (option) {
                case "rule" -> {
                    String name = oneOf(v, RULES, option, setting);
                    yield new Applied(name, LrRule.named(name, rule.hyperLr()));
                }
                case "eta" -> {
                    double eta = number(v, option, setting);
                    require(eta > 0 && Double.isFinite(eta), setting, option + " must be positive and finite, got " + value);
                    yield new Applied(Double.toString(eta), rule.withHyperLr(eta));
                }
                case "hold" -> {
                    int hold = whole(v, option, setting);
                    require(hold >= 0, setting, option + " must be >= 0, got " + value);
                    yield new Applied(Integer.toString(hold), rule.withHoldLastEpochs(hold));
                }
                case "lookahead" -> {
                    String d = oneOf(v, List.of("gradient", "optimizer"), option, setting);
                    yield new Applied(d, rule.withDirection(LrRule.Direction.valueOf(d.toUpperCase(Locale.ROOT))));
                }
                case "normalize" -> {
                    String n = oneOf(v, List.of("none", "cosine"), option, setting);
                    yield new Applied(n, rule.withNormalize(LrRule.Normalize.valueOf(n.toUpperCase(Locale.ROOT))));
                }
                case "update" -> {
                    String u = oneOf(v, List.of("additive", "multiplicative", "log"), option, setting);
                    yield new Applied(u, rule.withUpdate(LrRule.Update.valueOf(u.toUpperCase(Locale.ROOT))));
                }
                case "floor" -> {
                    Bound b = bound(v, option, setting, false);
                    yield new Applied(b.spelled(), rule.withBounds(b.value(), b.relative(), rule.ceiling(),
                            rule.ceilingRelative()));
                }
                case "ceiling" -> {
                    Bound b = bound(v, option, setting, true);
                    yield new Applied(b.spelled(), rule.withBounds(rule.floor(), rule.floorRelative(), b.value(),
                            b.relative()));
                }
                case "every" -> {
                    int k = whole(v, option, setting);
                    require(k >= 1, setting, option + " must be at least 1, got " + value);
                    yield new Applied(Integer.toString(k), rule.withMetaEvery(k));
                }
                default -> throw new InvalidConfigException(setting, "'" + option + "' is not an option of metalr;"
                        + " expected one of " + String.join(", ", OPTIONS));
            };
        } catch (IllegalArgumentException e) {
            // the rule's own checks: bounds that do not fit together or do not contain the initial rate
            throw new InvalidConfigException(setting, e.getMessage());
        }
    }

    /**
     * {@code rule} with the bounds of {@code --lr-bounds}: {@code LO,HI}, each a rate or a factor
     * ({@code 0.01x,10x}).
     */
    public static LrRule bounds(LrRule rule, String text, String setting) {
        String[] parts = text.split(",", -1);
        require(parts.length == 2, setting, "expected LO,HI (rates like 1e-6,1e-2 or factors of each group's"
                + " initial rate like 0.01x,10x), got '" + text + "'");
        LrRule withFloor = apply(rule, "floor", parts[0], setting).rule();
        return apply(withFloor, "ceiling", parts[1], setting).rule();
    }

    /**
     * The options {@code rule} sets over its named rule ({@link LrRule#named} of its name and hyper step
     * size), as a spelling writes them, in {@link #OPTIONS} order: the fields where the two differ. None for
     * a rule whose name is not a named rule's.
     */
    public static Map<String, String> given(LrRule rule) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!RULES.contains(rule.name())) {
            return out;
        }
        LrRule named = LrRule.named(rule.name(), rule.hyperLr());
        if (rule.holdLastEpochs() != named.holdLastEpochs()) {
            out.put("hold", Integer.toString(rule.holdLastEpochs()));
        }
        if (rule.direction() != named.direction()) {
            out.put("lookahead", rule.direction().name().toLowerCase(Locale.ROOT));
        }
        if (rule.normalize() != named.normalize()) {
            out.put("normalize", rule.normalize().name().toLowerCase(Locale.ROOT));
        }
        if (rule.update() != named.update()) {
            out.put("update", rule.update().name().toLowerCase(Locale.ROOT));
        }
        if (rule.floor() != named.floor() || rule.floorRelative() != named.floorRelative()) {
            out.put("floor", new Bound(rule.floor(), rule.floorRelative()).spelled());
        }
        if (rule.ceiling() != named.ceiling() || rule.ceilingRelative() != named.ceilingRelative()) {
            out.put("ceiling", new Bound(rule.ceiling(), rule.ceilingRelative()).spelled());
        }
        if (rule.metaEvery() != named.metaEvery()) {
            out.put("every", Integer.toString(rule.metaEvery()));
        }
        return out;
    }

    /**
     * {@code rule} with {@code options} (option to value, as a spelling writes them) applied in
     * {@link #OPTIONS} order.
     *
     * @throws InvalidConfigException naming {@code setting} for an option or value it cannot take
     */
    public static LrRule applyAll(LrRule rule, Map<String, String> options, String setting) {
        LrRule r = rule;
        for (String option : OPTIONS) {
            if (options.containsKey(option)) {
                r = apply(r, option, options.get(option), setting).rule();
            }
        }
        for (String option : options.keySet()) {
            if (!OPTIONS.contains(option)) {
                apply(r, option, options.get(option), setting); // its error
            }
        }
        return r;
    }

    /** An option's value as a spelling writes it, with the rule it gives. */
    public record Applied(String spelled, LrRule rule) {}

    private record Bound(double value, boolean relative) {
        String spelled() {
            return Double.isInfinite(value) ? "none" : relative ? value + "x" : Double.toString(value);
        }
    }

    private static Bound bound(String v, String option, String setting, boolean ceiling) {
        if (ceiling && v.equals("none")) {
            return new Bound(Double.POSITIVE_INFINITY, false);
        }
        boolean relative = v.endsWith("x");
        double value = number(relative ? v.substring(0, v.length() - 1) : v, option, setting);
        require(value > 0 && Double.isFinite(value), setting, option + " must be a positive rate or factor (Nx), got '"
                + v + "'");
        return new Bound(value, relative);
    }

    private static String oneOf(String v, List<String> allowed, String option, String setting) {
        require(allowed.contains(v), setting, option + " must be one of " + String.join(", ", allowed) + ", got '"
                + v + "'");
        return v;
    }

    private static double number(String v, String option, String setting) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(setting, option + " '" + v + "' is not a number");
        }
    }

    private static int whole(String v, String option, String setting) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(setting, option + " '" + v + "' is not a whole number");
        }
    }

    private static void require(boolean ok, String setting, String problem) {
        if (!ok) {
            throw new InvalidConfigException(setting, problem);
        }
    }
}
