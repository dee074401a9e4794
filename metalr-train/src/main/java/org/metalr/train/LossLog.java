package org.metalr.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.metalr.api.io.AtomicFiles;

/**
 * {@code losses.csv}: one row per iteration, {@code iteration,epoch,train_loss,validation_loss} (the
 * validation loss at MetaLR's look-ahead; empty for methods without one), full precision. Like the
 * learning-rate log, a resumed run cuts the rows after its checkpoint before appending.
 */
final class LossLog implements AutoCloseable {

    static final String FILE_NAME = "losses.csv";
    private static final String HEADER = "iteration,epoch,train_loss,validation_loss";

    private final BufferedWriter out;

    private LossLog(BufferedWriter out) {
        this.out = out;
    }

    static LossLog create(Path file) throws IOException {
        AtomicFiles.writeString(file, HEADER + "\n");
        return open(file);
    }

    /** Keeps the header and the rows of iterations 1..{@code iteration}. */
    static LossLog resume(Path file, long iteration) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": header is not " + HEADER);
        }
        if (lines.size() - 1 < iteration) {
            throw new IOException(file + ": holds " + (lines.size() - 1) + " rows but the run resumes after iteration "
                    + iteration);
        }
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i <= iteration; i++) {
            kept.append(lines.get(i)).append('\n');
        }
        AtomicFiles.writeString(file, kept.toString());
        return open(file);
    }

    private static LossLog open(Path file) throws IOException {
        return new LossLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    void append(long iteration, int epoch, double trainLoss, double validationLoss) throws IOException {
        out.write(iteration + "," + epoch + "," + trainLoss + "," + (Double.isNaN(validationLoss) ? "" : validationLoss) + "\n");
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
