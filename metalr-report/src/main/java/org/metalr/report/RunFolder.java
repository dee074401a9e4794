package org.metalr.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The files of one run folder that a report shows, each read if present: {@code config.json},
 * {@code metrics.json}, {@code lr_trajectory.csv} and {@code losses.csv}. An absent file is noted in
 * {@link #absent()}; a present but malformed one is an error. Immutable.
 *
 * @param dir        the folder
 * @param config     its settings; null when absent
 * @param metrics    its results; null when absent
 * @param trajectory its learning-rate log; null when absent
 * @param losses     its per-iteration losses; null when absent
 * @param absent     one line per file the folder lacks
 */
public record RunFolder(Path dir, RunConfig config, RunMetrics metrics, LrTrajectory trajectory, LossHistory losses,
        List<String> absent) {

    public RunFolder {
        Objects.requireNonNull(dir, "dir");
        absent = List.copyOf(absent);
    }

    /**
     * Reads the run folder {@code dir}.
     *
     * @throws RunFileException if {@code dir} is not a directory, or holds none of the four files (the user
     *     named it); naming the file, and the line or key, when a file is malformed
     * @throws IOException if a file cannot be read
     */
    public static RunFolder read(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new RunFileException(dir, "not a run folder (no such directory)");
        }
        List<String> absent = new ArrayList<>();
        RunConfig config = present(dir, RunConfig.FILE_NAME, absent, "the run's settings are not shown")
                ? RunConfig.read(dir.resolve(RunConfig.FILE_NAME)) : null;
        RunMetrics metrics = present(dir, RunMetrics.FILE_NAME, absent, "no epochs or test results are shown")
                ? RunMetrics.read(dir.resolve(RunMetrics.FILE_NAME)) : null;
        LrTrajectory trajectory = present(dir, LrTrajectory.FILE_NAME, absent, "no learning-rate curves are drawn")
                ? LrTrajectory.read(dir.resolve(LrTrajectory.FILE_NAME)) : null;
        LossHistory losses = present(dir, LossHistory.FILE_NAME, absent, "the loss curve shows per-epoch losses only")
                ? LossHistory.read(dir.resolve(LossHistory.FILE_NAME)) : null;
        if (config == null && metrics == null && trajectory == null && losses == null) {
            throw new RunFileException(dir, "not a run folder: it holds none of " + RunConfig.FILE_NAME + ", "
                    + RunMetrics.FILE_NAME + ", " + LrTrajectory.FILE_NAME + ", " + LossHistory.FILE_NAME);
        }
        return new RunFolder(dir, config, metrics, trajectory, losses, absent);
    }

    private static boolean present(Path dir, String name, List<String> absent, String consequence) {
        if (Files.isRegularFile(dir.resolve(name))) {
            return true;
        }
        absent.add(name + " is absent: " + consequence + ".");
        return false;
    }

    /** The folder's name, for titles. */
    public String name() {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? dir.toString() : n.toString();
    }
}
