package org.metalr.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scan left out: bad inputs skipped because the caller asked to skip them, and files that
 * are not samples by design (BUSI's mask files, non-image files beside the images). Thread-safe;
 * one report may collect several scans. Meant to be written into a run's summary.
 */
public final class BadInputReport {

    /** One left-out file and the reason. */
    public record Entry(Path file, String problem) {
        @Override
        public String toString() {
            return file + ": " + problem;
        }
    }

    private final List<Entry> skipped = new ArrayList<>();
    private final List<Entry> ignored = new ArrayList<>();

    /** Records a bad input that was skipped instead of failing the run. */
    public synchronized void skipped(Path file, String problem) {
        skipped.add(new Entry(file, problem));
    }

    /** Records a file that is not a sample by design (a mask, a text file). */
    public synchronized void ignored(Path file, String reason) {
        ignored.add(new Entry(file, reason));
    }

    /** Bad inputs skipped, in the order met. */
    public synchronized List<Entry> skipped() {
        return List.copyOf(skipped);
    }

    /** Files left out by design, in the order met. */
    public synchronized List<Entry> ignored() {
        return List.copyOf(ignored);
    }

    public synchronized int skippedCount() {
        return skipped.size();
    }

    public synchronized int ignoredCount() {
        return ignored.size();
    }

    /** Ignored files counted by reason. */
    public synchronized Map<String, Integer> ignoredByReason() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Entry e : ignored) {
            counts.merge(e.problem(), 1, Integer::sum);
        }
        return counts;
    }

    /** A short human-readable summary: counts, and each skipped file with its problem. */
    public synchronized String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(skipped.size()).append(" bad input(s) skipped, ")
                .append(ignored.size()).append(" file(s) ignored ").append(ignoredByReason());
        for (Entry e : skipped) {
            sb.append(System.lineSeparator()).append("  skipped ").append(e);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
