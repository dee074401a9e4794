package org.metalr.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks, for each configuration that ran in several rounds, the round least disturbed by other work
 * on the machine: the one with the lowest median (contention only ever adds time). Its timing and peak
 * memory are reported; the memory-growth figures come from whichever round followed memory; every
 * round's median is kept in the extras ({@code roundMedianMs.<round>}).
 */
final class Rounds {

    /** Extras that describe the soak, taken from the round that ran it. */
    private static final List<String> SOAK_EXTRAS = List.of("soakMedianMs", "settleIterations",
            "settleGrowthPercent");

    private Rounds() {}

    /**
     * @param rounds the results of each round, every round listing the same configurations
     * @return one result per configuration, in the first round's order
     */
    static List<ConfigResult> best(List<List<ConfigResult>> rounds) {
        if (rounds.size() == 1) {
            return List.copyOf(rounds.get(0));
        }
        Map<String, List<ConfigResult>> byConfig = new LinkedHashMap<>();
        for (List<ConfigResult> round : rounds) {
            for (ConfigResult r : round) {
                byConfig.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
            }
        }
        List<ConfigResult> out = new ArrayList<>();
        for (List<ConfigResult> runs : byConfig.values()) {
            ConfigResult best = null;
            ConfigResult soaked = null;
            Map<String, Double> medians = new LinkedHashMap<>();
            for (int i = 0; i < runs.size(); i++) {
                ConfigResult r = runs.get(i);
                if (!r.ok()) {
                    continue;
                }
                medians.put("roundMedianMs." + (i + 1), r.medianMs());
                if (best == null || r.medianMs() < best.medianMs()) {
                    best = r;
                }
                if (r.soakIterations() > 0) {
                    soaked = r;
                }
            }
            if (best == null) {
                out.add(runs.get(0));
                continue;
            }
            out.add(combine(best, soaked, medians));
        }
        return out;
    }

    private static String key(ConfigResult r) {
        return r.workload() + "\u0000" + r.engine() + "\u0000" + r.step();
    }

    /** {@code best}'s figures with {@code soaked}'s growth figures (when another round followed memory). */
    private static ConfigResult combine(ConfigResult best, ConfigResult soaked, Map<String, Double> medians) {
        ConfigResult growth = soaked == null ? best : soaked;
        Map<String, Double> extras = new LinkedHashMap<>(best.extras() == null ? Map.of() : best.extras());
        for (String key : SOAK_EXTRAS) {
            extras.remove(key);
            if (growth.extras() != null && growth.extras().containsKey(key)) {
                extras.put(key, growth.extras().get(key));
            }
        }
        extras.putAll(medians);
        return new ConfigResult(best.engine(), best.engineDescription(), best.workload(), best.workloadDescription(),
                best.step(), best.stepDescription(), best.threads(), best.warmup(), best.iterations(), best.medianMs(),
                best.minMs(), best.maxMs(), best.samplesMs(), best.startRssMiB(), best.peakRssMiB(),
                growth.soakIterations(), growth.soakStartRssMiB(), growth.soakEndRssMiB(), growth.growthPercent(),
                growth.rssSamples(), best.loadBefore(), best.loadAfter(), extras, null);
    }
}
