package org.metalr.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The benchmark's Markdown output: one table of every configuration, then the targets, each
 * checked against the measured figures. Pure formatting over a list of results.
 */
final class Report {

    /** Upper bound on MetaLR / plain iteration time, same backend and optimizer. */
    static final double MAX_TIME_RATIO = 2.2;
    /** Upper bound on MetaLR with hypergradient steps every 4 iterations / plain iteration time (issue 18). */
    static final double MAX_EVERY_4_RATIO = 1.3;
    /** Allowed band of DJL / JavaCPP iteration time. */
    static final double MIN_BACKEND_RATIO = 0.9;
    static final double MAX_BACKEND_RATIO = 1.1;
    /** Upper bound on MetaLR / plain peak resident memory. */
    static final double MAX_MEMORY_RATIO = 1.3;
    /** Upper bound on resident-memory growth over the soak, percent. */
    static final double MAX_GROWTH_PERCENT = 5.0;
    /** Lower bound on (released code in PyTorch) / (Java MetaLR) iteration time. */
    static final double MIN_SPEEDUP = 1.4;

    /**
     * One target and whether the run met it.
     *
     * @param target what is required
     * @param met    true or false, or null when the run did not measure it
     * @param detail the figures behind the verdict
     */
    record Check(String target, Boolean met, String detail) {
        String verdict() {
            return met == null ? "not measured" : met ? "met" : "missed";
        }
    }

    private static final List<String> STEP_ORDER = List.of("plain-sgd", "plain-adam", "metalr-paper",
            "metalr-official", "metalr-multiplicative", "metalr-optimizer", "metalr-every-2", "metalr-every-4",
            "metalr-every-8", "released-structure", PythonReference.RELEASED_CODE);
    private static final List<String> ENGINE_ORDER = List.of("javacpp", "djl", "pytorch");

    private final List<ConfigResult> results;

    Report(List<ConfigResult> results) {
        this.results = new ArrayList<>(results);
        this.results.sort(Comparator.comparing(ConfigResult::workload)
                .thenComparing(r -> rank(STEP_ORDER, r.step()))
                .thenComparing(r -> rank(ENGINE_ORDER, r.engine())));
    }

    private static int rank(List<String> order, String value) {
        int i = order.indexOf(value);
        return i < 0 ? order.size() : i;
    }

    /** The results in table order. */
    List<ConfigResult> results() {
        return List.copyOf(results);
    }

    /** The Markdown table of every configuration. */
    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | engine | step | median ms | min ms | max ms | / plain | DJL / JavaCPP "
                + "| peak RSS MiB | peak / plain | peak - start MiB | RSS growth over the soak (while settling) |\n");
        sb.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (ConfigResult r : results) {
            sb.append("| ").append(r.workload()).append(" | ").append(r.engine()).append(" | ").append(r.step())
                    .append(" | ");
            if (!r.ok()) {
                sb.append("failed: ").append(r.error() == null ? "no result" : r.error().replace('|', '/'))
                        .append(" | | | | | | | | |\n");
                continue;
            }
            Optional<ConfigResult> base = find(r.workload(), r.engine(), baselineOf(r.step()));
            Optional<ConfigResult> cpp = r.engine().equals("djl") ? find(r.workload(), "javacpp", r.step()) : Optional.empty();
            sb.append(f1(r.medianMs())).append(" | ").append(f1(r.minMs())).append(" | ").append(f1(r.maxMs()))
                    .append(" | ").append(base.map(b -> f2(r.medianMs() / b.medianMs())).orElse("—"))
                    .append(" | ").append(cpp.map(c -> f2(r.medianMs() / c.medianMs())).orElse("—"))
                    .append(" | ").append(f0(r.peakRssMiB()))
                    .append(" | ").append(base.map(b -> f2(r.peakRssMiB() / b.peakRssMiB())).orElse("—"))
                    .append(" | ").append(f0(r.peakAboveStartMiB()))
                    .append(" | ").append(growth(r))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** The targets, checked. */
    List<Check> checks() {
        List<Check> out = new ArrayList<>();
        List<ConfigResult> java = results.stream().filter(r -> !r.engine().equals("pytorch") && r.ok()).toList();
        List<ConfigResult> metalr = java.stream().filter(r -> r.step().startsWith("metalr-")).toList();

        out.add(ratioCheck("MetaLR / plain time, same backend, Adam: at most " + MAX_TIME_RATIO, metalr,
                r -> ratio(r, "plain-adam", ConfigResult::medianMs), v -> v <= MAX_TIME_RATIO));

        List<ConfigResult> djl = java.stream().filter(r -> r.engine().equals("djl")).toList();
        out.add(ratioCheck("DJL / JavaCPP time, same step: within " + MIN_BACKEND_RATIO + "-" + MAX_BACKEND_RATIO, djl,
                r -> find(r.workload(), "javacpp", r.step()).filter(ConfigResult::ok)
                        .map(c -> r.medianMs() / c.medianMs()).orElse(null),
                v -> v >= MIN_BACKEND_RATIO && v <= MAX_BACKEND_RATIO));

        out.add(ratioCheck("MetaLR / plain peak resident memory, same backend, Adam: at most " + MAX_MEMORY_RATIO,
                metalr, r -> ratio(r, "plain-adam", ConfigResult::peakRssMiB), v -> v <= MAX_MEMORY_RATIO));

        List<ConfigResult> soaked = java.stream().filter(r -> r.growthPercent() != null).toList();
        out.add(ratioCheck("resident-memory growth over the soak, after the settling iterations: under "
                + MAX_GROWTH_PERCENT + "%", soaked, ConfigResult::growthPercent, v -> v < MAX_GROWTH_PERCENT));

        List<ConfigResult> official = java.stream().filter(r -> r.step().equals("metalr-official")).toList();
        out.add(ratioCheck("released code in PyTorch / Java MetaLR (official rule) time: at least " + MIN_SPEEDUP,
                official, r -> find(r.workload(), "pytorch", PythonReference.RELEASED_CODE).filter(ConfigResult::ok)
                        .map(p -> p.medianMs() / r.medianMs()).orElse(null),
                v -> v >= MIN_SPEEDUP));

        List<ConfigResult> every4 = metalr.stream().filter(r -> r.step().equals("metalr-every-4")).toList();
        out.add(ratioCheck("MetaLR with --meta-every 4 / plain time, same backend, Adam: at most " + MAX_EVERY_4_RATIO,
                every4, r -> ratio(r, "plain-adam", ConfigResult::medianMs), v -> v <= MAX_EVERY_4_RATIO));
        return out;
    }

    /** Figures that are not targets but explain them: the released structure's cost, PyTorch's own ratios. */
    List<String> context() {
        List<String> out = new ArrayList<>();
        for (ConfigResult r : results) {
            if (!r.ok()) {
                continue;
            }
            if (r.step().equals("released-structure")) {
                Double vsPlain = ratio(r, "plain-adam", ConfigResult::medianMs);
                Optional<ConfigResult> meta = find(r.workload(), r.engine(), "metalr-official").filter(ConfigResult::ok);
                out.add(r.workload() + ", " + r.engine() + ": the released code's 3-pass structure takes "
                        + (vsPlain == null ? "?" : f2(vsPlain)) + "x plain Adam"
                        + meta.map(m -> "; MetaLR's two-pass step takes " + f2(m.medianMs() / r.medianMs())
                                + "x its time").orElse(""));
            }
            if (r.engine().equals("pytorch") && r.step().equals(PythonReference.RELEASED_CODE)) {
                Double vsPlain = ratio(r, "plain-adam", ConfigResult::medianMs);
                Double mem = ratio(r, "plain-adam", ConfigResult::peakRssMiB);
                Double withoutRebuild = r.extras() == null ? null : r.extras().get("medianMsExcludingRebuild");
                out.add(r.workload() + ", PyTorch: the released code's iteration takes " + f1(r.medianMs()) + " ms, "
                        + (vsPlain == null ? "?" : f2(vsPlain)) + "x its plain Adam step, with "
                        + (mem == null ? "?" : f2(mem)) + "x its peak memory"
                        + (withoutRebuild == null ? "" : "; " + f1(withoutRebuild)
                                + " ms without rebuilding the look-ahead model"));
            }
        }
        return out;
    }

    /** Table, targets and context as one Markdown text. */
    String markdown() {
        StringBuilder sb = new StringBuilder(table());
        sb.append("\nTargets:\n\n");
        for (Check c : checks()) {
            sb.append("- ").append(c.target()).append(": **").append(c.verdict()).append("**");
            if (!c.detail().isEmpty()) {
                sb.append(" (").append(c.detail()).append(")");
            }
            sb.append('\n');
        }
        List<String> context = context();
        if (!context.isEmpty()) {
            sb.append("\nContext:\n\n");
            for (String line : context) {
                sb.append("- ").append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private Check ratioCheck(String target, List<ConfigResult> rows, Function<ConfigResult, Double> value,
            java.util.function.DoublePredicate ok) {
        List<String> parts = new ArrayList<>();
        boolean any = false;
        boolean all = true;
        for (ConfigResult r : rows) {
            Double v = value.apply(r);
            if (v == null) {
                continue;
            }
            any = true;
            boolean pass = ok.test(v);
            all &= pass;
            parts.add(r.workload() + " " + r.engine() + " " + r.step() + " " + f2(v) + (pass ? "" : " ✗"));
        }
        return new Check(target, any ? all : null, String.join("; ", parts));
    }

    private Double ratio(ConfigResult r, String baseStep, Function<ConfigResult, Double> value) {
        return find(r.workload(), r.engine(), baseStep).filter(ConfigResult::ok)
                .filter(b -> value.apply(b) != null && value.apply(r) != null)
                .map(b -> value.apply(r) / value.apply(b)).orElse(null);
    }

    private Optional<ConfigResult> find(String workload, String engine, String step) {
        return results.stream().filter(r -> r.workload().equals(workload) && r.engine().equals(engine)
                && r.step().equals(step)).findFirst();
    }

    /**
     * Growth over the soak, and in the settling iterations before it where there were any:
     * {@code +0.3% in 1000 it. (+9.4% in 100)}.
     */
    static String growth(ConfigResult r) {
        if (r.growthPercent() == null) {
            return "—";
        }
        Map<String, Double> x = r.extras() == null ? Map.of() : r.extras();
        Double settling = x.get("settleGrowthPercent");
        Double settle = x.get("settleIterations");
        return String.format(Locale.ROOT, "%+.1f%% in %d it.", r.growthPercent(), r.soakIterations())
                + (settling == null || settle == null || settle == 0 ? ""
                        : String.format(Locale.ROOT, " (%+.1f%% in %.0f)", settling, settle));
    }

    /** The plain step a step's time is divided by. */
    static String baselineOf(String step) {
        return step.equals("plain-sgd") ? "plain-sgd" : "plain-adam";
    }

    static String f0(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String f1(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }
}
