package org.metalr.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes every output of this module: the content goes to a temporary file beside the target
 * ({@code .<name>.<random>.tmp}), is forced to disk and renamed over the target atomically, so a
 * reader (a browser reloading the page, a killed process) sees the old file or the new one, never a
 * part. On failure the target is unchanged and the temporary file is removed. Costs one fsync per
 * file. Stateless; every method is static.
 */
public final class AtomicOutput {

    /** Writes a file's content; the stream is owned (and closed) by {@link AtomicOutput}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicOutput() {
    }

    /** Replaces {@code target} with {@code bytes}; see {@link #write(Path, Content)}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} with {@code text} in UTF-8; see {@link #write(Path, Content)}. */
    public static void writeString(Path target, String text) throws IOException {
        Objects.requireNonNull(text, "text");
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces {@code target} with what {@code content} writes.
     *
     * @throws IOException naming {@code target} if its directory is missing, it is a directory, or
     *     writing, forcing or renaming fails; unchecked exceptions of {@code content} propagate. In
     *     every failure the target is unchanged and no temporary file remains.
     */
    public static void write(Path target, Content content) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(content, "content");
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        if (Files.isDirectory(file)) {
            throw new IOException("cannot write " + target + ": it is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": directory " + dir + " does not exist");
        }
        Path tmp = createTemporary(dir, file.getFileName().toString());
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // the write failed already, and that failure is the one the caller must see
        }
    }

    private static Path createTemporary(Path dir, String name) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                // Not Files.createTempFile: it makes the file owner-only, and the rename would carry that over.
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                // a name collision: draw another
            }
        }
    }
}
