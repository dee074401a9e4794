package org.metalr.train.method;

import java.util.List;
import java.util.Locale;
import org.metalr.api.LrRule;

/**
 * MetaLR's options as the command line and the {@code metalr} method's spelling write them, read into an
 * {@link LrRule}: one reader for both, so {@code --lookahead optimizer} and
 * {@code metalr:lookahead=optimizer} mean the same. Each option sets one thing of the rule:
 * <ul>
 *   <li>{@code rule}: {@code paper}, {@code official} or {@code multiplicative}: the look-ahead's sign,
 *       the update, the bounds and the hold of the last group, as that rule has them (the other options
 *       stay as they were);</li>
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
 */
public final class MetaLrOptions {

    /** The options, in the order a spelling writes them ({@code rule} first: it resets what it sets). */
    public static final List<String> OPTIONS = List.of("rule", "eta", "hold", "lookahead", "normalize", "update",
            "floor", "ceiling", "every");

    /** The named rules. */
    public static final List<String> RULES = List.of("paper", "official", "multiplicative");

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
                    LrRule named = LrRule.named(name, rule.hyperLr());
                    yield new Applied(name, named.withDirection(rule.direction()).withNormalize(rule.normalize())
                            .withMetaEvery(rule.metaEvery()));
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
