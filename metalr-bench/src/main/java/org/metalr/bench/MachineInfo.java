package org.metalr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a benchmark ran on, for the report: CPU model and logical cores from
 * {@code /proc/cpuinfo}, cores available to the JVM, JVM, operating system, and the load average.
 *
 * @param cpuModel       the CPU's model name ({@code unknown} where {@code /proc/cpuinfo} is missing)
 * @param logicalCores   processors listed in {@code /proc/cpuinfo} (0 when unknown)
 * @param availableCores processors the JVM may use
 * @param jvm            JVM name and version
 * @param os             operating system name, version and architecture
 */
public record MachineInfo(String cpuModel, int logicalCores, int availableCores, String jvm, String os) {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path LOADAVG = Path.of("/proc/loadavg");

    /** This machine. */
    public static MachineInfo current() {
        String model = "unknown";
        int cores = 0;
        try {
            List<String> lines = Files.readAllLines(CPUINFO);
            for (String line : lines) {
                if (line.startsWith("processor")) {
                    cores++;
                } else if (line.startsWith("model name") && "unknown".equals(model)) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: the model stays unknown
        }
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new MachineInfo(model, cores, Runtime.getRuntime().availableProcessors(), jvm, os);
    }

    /** The one-minute load average, or null where {@code /proc/loadavg} is missing. */
    public static Double loadAverage() {
        try {
            String line = Files.readString(LOADAVG).trim();
            return Double.parseDouble(line.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** One line for the report header. */
    public String describe() {
        return cpuModel + ", " + logicalCores + " logical cores (" + availableCores + " available to the JVM); "
                + jvm + "; " + os;
    }
}
