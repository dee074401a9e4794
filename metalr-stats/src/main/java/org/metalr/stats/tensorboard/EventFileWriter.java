package org.metalr.stats.tensorboard;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Writes scalars to a TensorBoard event file: {@code tensorboard --logdir DIR} shows them.
 *
 * <p><b>Format.</b> A file named {@code events.out.tfevents.<seconds>.<host>.<pid>.<n>} (TensorBoard
 * reads every file whose name contains {@code tfevents}; this is the name PyTorch's
 * {@code SummaryWriter} gives) holding TFRecord records ({@link RecordWriter}), each a serialised
 * {@code tensorflow.Event} (tensorflow/core/util/event.proto): {@code wall_time} (field 1, double,
 * seconds since the epoch), {@code step} (2, int64), and either {@code file_version} (3, string; the
 * first record, {@code "brain.Event:2"}) or {@code summary} (5), a {@code tensorflow.Summary}
 * (tensorflow/core/framework/summary.proto) of {@code value} entries (1) with {@code tag} (1, string)
 * and {@code simple_value} (2, float). That is the form PyTorch's {@code add_scalar} writes and
 * TensorBoard's scalar dashboard reads. Values are stored as float32.
 *
 * <p>Why written here: the Java writers on Maven Central come with TensorFlow Java (a native
 * TensorFlow of hundreds of megabytes) or with Spark-based frameworks; the format of scalars is a few
 * dozen lines against its public definition.
 *
 * <p><b>Use.</b> {@link #create} the writer in a run folder's {@code tensorboard/}, call {@link #scalar}
 * or {@link #scalars} as figures arrive, {@link #flush} at the end of an epoch (TensorBoard reads what
 * has reached the file), {@link #close} at the end. A resumed run creates a new file in the same
 * folder; TensorBoard merges the files of a folder. Not thread-safe: one writer per run, one thread.
 */
public final class EventFileWriter implements Closeable {

    /** The {@code file_version} of the first event, as TensorFlow writes it. */
    static final String FILE_VERSION = "brain.Event:2";

    private final Path file;
    private final Clock clock;
    private final OutputStream stream;
    private final RecordWriter records;

    private EventFileWriter(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        this.stream = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE));
        this.records = new RecordWriter(stream);
    }

    /**
     * Creates {@code directory} if needed and a new event file in it, and writes the file-version event.
     *
     * @throws IOException if the folder or the file cannot be created or written
     */
    public static EventFileWriter create(Path directory) throws IOException {
        return create(directory, Clock.systemUTC(), hostname(), ProcessHandle.current().pid());
    }

    /** As {@link #create(Path)} with a given clock, host name and process id (tests). */
    static EventFileWriter create(Path directory, Clock clock, String host, long pid) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(clock, "clock");
        Files.createDirectories(directory);
        long seconds = clock.instant().getEpochSecond();
        String stem = String.format("events.out.tfevents.%010d.%s.%d.", seconds, host.replaceAll("[^A-Za-z0-9._-]", "_"),
                pid);
        for (int n = 0; ; n++) {
            Path file = directory.resolve(stem + n);
            if (Files.notExists(file)) {
                EventFileWriter writer = new EventFileWriter(file, clock);
                writer.records.write(writer.event(0).string(3, FILE_VERSION).toByteArray());
                return writer;
            }
        }
    }

    /** The event file written. */
    public Path file() {
        return file;
    }

    /**
     * Writes one scalar ({@code value} rounded to float32; NaN and infinities are kept).
     *
     * @throws IllegalArgumentException if the tag is empty
     * @throws IOException if the file cannot be written
     */
    public void scalar(String tag, long step, double value) throws IOException {
        scalars(step, Map.of(tag, value));
    }

    /**
     * Writes several scalars of one step as one event, in the map's iteration order.
     *
     * @throws IllegalArgumentException if a tag is empty or a value null
     * @throws IOException if the file cannot be written
     */
    public void scalars(long step, Map<String, ? extends Number> values) throws IOException {
        Objects.requireNonNull(values, "values");
        ProtoWriter summary = new ProtoWriter();
        for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
            String tag = e.getKey();
            if (tag == null || tag.isEmpty()) {
                throw new IllegalArgumentException("TensorBoard tag must not be empty");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("no value for TensorBoard tag '" + tag + "'");
            }
            summary.message(1, new ProtoWriter().string(1, tag).float32(2, e.getValue().floatValue()));
        }
        records.write(event(step).message(5, summary).toByteArray());
    }

    /** Pushes what is written to the file, where TensorBoard can read it. */
    public void flush() throws IOException {
        stream.flush();
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }

    /**
     * An event's common fields. Encoded as protobuf itself encodes proto3: a plain scalar field at its
     * default (zero) is left out, so these bytes equal protobuf's serialisation of the same event
     * ({@code read_tfevents.py} checks that); {@code file_version}, {@code summary} and
     * {@code simple_value} belong to a {@code oneof} and are always written.
     */
    private ProtoWriter event(long step) {
        Instant now = clock.instant();
        double wallTime = now.getEpochSecond() + now.getNano() / 1e9;
        ProtoWriter event = new ProtoWriter();
        if (Double.doubleToRawLongBits(wallTime) != 0) {
            event.float64(1, wallTime);
        }
        if (step != 0) {
            event.int64(2, step);
        }
        return event;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
