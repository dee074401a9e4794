package org.metalr.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's resident memory as Linux reports it in {@code /proc/self/status}: the current
 * resident set ({@code VmRSS}) and its high-water mark since the process started ({@code VmHWM}).
 * Both count the JVM, its heap and LibTorch's native allocations alike.
 *
 * @param rssKiB  resident set now, KiB
 * @param peakKiB highest resident set so far, KiB
 */
public record ProcMemory(long rssKiB, long peakKiB) {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path STAT = Path.of("/proc/self/stat");

    /**
     * Reads this process's figures.
     *
     * @throws IllegalStateException off Linux, where {@code /proc/self/status} does not exist
     */
    public static ProcMemory read() {
        try {
            return parse(Files.readAllLines(STATUS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS + " (resident memory is measured on Linux only)", e);
        }
    }

    /**
     * Minor page faults of this process so far ({@code minflt} of {@code /proc/self/stat}): each is a
     * page the kernel mapped and zeroed on first touch, so many per iteration mean that memory is
     * returned to the system and faulted in again every iteration.
     *
     * @throws UncheckedIOException off Linux
     */
    public static long minorFaults() {
        try {
            return parseMinorFaults(Files.readString(STAT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STAT + " (page faults are counted on Linux only)", e);
        }
    }

    /** Field 10 of a {@code /proc/<pid>/stat} line; the command name (field 2) may hold spaces. */
    static long parseMinorFaults(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state), so field 10 is fields[7]
        return Long.parseLong(fields[7]);
    }

    /** Parses the lines of a {@code /proc/<pid>/status} file. */
    static ProcMemory parse(List<String> lines) {
        long rss = -1;
        long hwm = -1;
        for (String line : lines) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            }
        }
        if (rss < 0 || hwm < 0) {
            throw new IllegalStateException("process status has no VmRSS/VmHWM lines");
        }
        return new ProcMemory(rss, hwm);
    }

    private static long kib(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        if (parts.length != 2 || !parts[1].equals("kB")) {
            throw new IllegalStateException("unexpected line in process status: '" + line + "'");
        }
        return Long.parseLong(parts[0]);
    }

    public double rssMiB() {
        return rssKiB / 1024.0;
    }

    public double peakMiB() {
        return peakKiB / 1024.0;
    }
}
