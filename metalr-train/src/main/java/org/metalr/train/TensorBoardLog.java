package org.metalr.train;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.runs.LossesCsv;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.MetricsCsv;
import org.metalr.stats.tensorboard.EventFileWriter;

/**
 * The TensorBoard scalars of a run, in event files under {@code tensorboard/} in the run folder
 * ({@code tensorboard --logdir runs/} shows every run). Every scalar's step is the run's iteration:
 * <ul>
 *   <li>each iteration: {@code train/loss}, {@code train/look_ahead_validation_loss} (MetaLR's
 *       validation loss at the look-ahead), and {@code lr/<group>}, each trained group's learning rate
 *       after the iteration (frozen groups use no rate and get no curve);
 *   <li>each epoch, at its last iteration: {@code epoch/train_loss}, {@code epoch/validation_loss} and
 *       {@code validation/<figure>}, every validation figure by its
 *       {@link org.metalr.runs.metrics.Figure} name.
 * </ul>
 * Values are float32, as TensorBoard stores them. Non-finite values (a figure that is undefined, an
 * infinite HD95) are not written; {@code metrics.csv} has them.
 *
 * <p><b>Resumption.</b> The scalars are a view of the run's CSV logs, which hold every one of them in
 * full precision. A resumed run deletes the event files of the folder (written by earlier processes,
 * possibly past the checkpoint) and writes one new file that replays the logs up to the checkpoint,
 * then continues: no scalar is lost or written twice, and TensorBoard shows the same curves as for an
 * uninterrupted run. Only the replayed events' wall times are those of the resumption.
 *
 * <p>Not thread-safe; one log per run, on the training thread.
 */
final class TensorBoardLog implements Closeable {

    /** The folder of the event files in a run folder. */
    static final String DIR = "tensorboard";
    private static final String EVENT_FILES = "events.out.tfevents.*";

    private final EventFileWriter writer;
    private final List<String> groups;
    private final boolean[] frozen;

    private TensorBoardLog(EventFileWriter writer, List<String> groups, boolean[] frozen) {
        this.writer = writer;
        this.groups = List.copyOf(groups);
        this.frozen = frozen.clone();
    }

    /** A log that writes nothing ({@code --no-tensorboard}). */
    static TensorBoardLog disabled(List<String> groups, boolean[] frozen) {
        return new TensorBoardLog(null, groups, frozen);
    }

    /**
     * Starts the log of a new run: deletes any event files in {@code runDir/tensorboard} and creates one.
     *
     * @throws IOException if the folder or the file cannot be written
     */
    static TensorBoardLog create(Path runDir, List<String> groups, boolean[] frozen) throws IOException {
        Path dir = runDir.resolve(DIR);
        deleteEventFiles(dir);
        return new TensorBoardLog(EventFileWriter.create(dir), groups, frozen);
    }

    /**
     * Starts the log of a resumed run whose CSV logs were already cut at the checkpoint: deletes the
     * folder's event files and replays the logs into a new one.
     *
     * @throws IOException if a log cannot be read or the event file cannot be written
     */
    static TensorBoardLog resume(Path runDir, List<String> groups, boolean[] frozen) throws IOException {
        TensorBoardLog log = create(runDir, groups, frozen);
        LrTrajectoryCsv.Trajectory rates = LrTrajectoryCsv.read(runDir.resolve(LrTrajectoryCsv.FILE_NAME));
        LossesCsv.History losses = LossesCsv.read(runDir.resolve(LossesCsv.FILE_NAME));
        MetricsCsv.Table epochs = MetricsCsv.read(runDir.resolve(MetricsCsv.FILE_NAME));
        long[] iterations = losses.iterations();
        double[] train = losses.trainLoss();
        double[] lookAhead = losses.validationLoss();
        int rows = epochs.rows().size();
        double[] epochEnds = rows == 0 ? new double[0] : epochs.column("iteration");
        int e = 0;
        for (int i = 0; i < iterations.length; i++) {
            log.iteration(iterations[i], train[i], lookAhead[i], rates.rows().get((int) iterations[i]).rates());
            for (; e < rows && (long) epochEnds[e] == iterations[i]; e++) {
                Map<String, Double> figures = new LinkedHashMap<>();
                for (String f : epochs.figures()) {
                    figures.put(f, epochs.column(f)[e]);
                }
                log.epoch(iterations[i], epochs.column("train_loss")[e], epochs.column("validation_loss")[e], figures);
            }
        }
        log.flush();
        return log;
    }

    private static void deleteEventFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, EVENT_FILES)) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
    }

    /** One iteration's scalars; {@code lookAheadLoss} NaN for a method without one. */
    void iteration(long iteration, double trainLoss, double lookAheadLoss, double[] learningRates) throws IOException {
        if (writer == null) {
            return;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        put(values, "train/loss", trainLoss);
        put(values, "train/look_ahead_validation_loss", lookAheadLoss);
        for (int g = 0; g < groups.size(); g++) {
            if (!frozen[g]) {
                put(values, "lr/" + groups.get(g), learningRates[g]);
            }
        }
        write(iteration, values);
    }

    /** One epoch's scalars, at the epoch's last iteration. */
    void epoch(long iteration, double trainLoss, double validationLoss, Map<String, Double> figures)
            throws IOException {
        if (writer == null) {
            return;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        put(values, "epoch/train_loss", trainLoss);
        put(values, "epoch/validation_loss", validationLoss);
        figures.forEach((name, value) -> put(values, "validation/" + name, value));
        write(iteration, values);
    }

    private static void put(Map<String, Double> values, String tag, double value) {
        if (Double.isFinite(value)) {
            values.put(tag, value);
        }
    }

    private void write(long step, Map<String, Double> values) throws IOException {
        if (!values.isEmpty()) {
            writer.scalars(step, values);
        }
    }

    /** Pushes the events written so far to the file (at every checkpoint and epoch). */
    void flush() throws IOException {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
