package org.metalr.api.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file's content all at once: readers, and a run killed at any moment, see either the old
 * content or the new, never a mix. The content goes to a temporary file in the target's directory
 * (named {@code .<name>.<random>.tmp}, created with the default permissions), is forced to disk, and
 * is renamed over the target atomically; the directory is then forced too where the platform
 * allows it. On any failure the target is left as it was and the temporary file is deleted (only a
 * killed process can leave one behind; {@link #isTemporary} recognises them).
 *
 * <p>Does not create missing directories; a symbolic link at the target is replaced, not followed. Costs one extra fsync of the file and one of the directory.
 */
public final class AtomicFiles {

    /** Writes a file's content to a stream; the stream is closed by the caller of this interface. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code bytes}; see {@link #write(Path, Content)}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} with {@code text} encoded as UTF-8; see {@link #write(Path, Content)}. */
    public static void writeString(Path target, String text) throws IOException {
        Objects.requireNonNull(text, "text");
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces {@code target} with what {@code content} writes.
     *
     * @throws IOException "cannot write TARGET: REASON" ({@link #cannotWrite}) if the directory is
     *     missing, the target is a directory, or {@code content}, forcing or renaming fails (the
     *     original exception is the cause); an unchecked exception from {@code content} propagates unchanged. In every case the
     *     target is unchanged and the temporary file is deleted.
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
                failIfFull(file);
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } catch (IOException e) {
            throw cannotWrite(target, e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
        forceDirectory(dir);
    }

    /**
     * The failure to write {@code path} as one line for the user: "cannot write PATH: REASON", the
     * reason being the operating system's ("No space left on device", "Permission denied") where
     * there is one, {@code cause} kept as the cause. A cause that is already such a failure is returned
     * as it is.
     */
    public static IOException cannotWrite(Path path, IOException cause) {
        if (cause.getMessage() != null && cause.getMessage().startsWith(CANNOT_WRITE)) {
            return cause;
        }
        return new IOException(CANNOT_WRITE + path + ": " + reason(cause), cause);
    }

    private static final String CANNOT_WRITE = "cannot write ";

    /** The operating system's reason for an I/O failure, without the exception's type or the file name. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The folder whose writes fail as on a full disk, for {@link #simulateFullDisk}; null when none. */
    private static volatile Path fullDisk;

    /**
     * Makes every write of this class to a file under {@code dir} fail as it does on a full disk (an
     * {@link IOException} "No space left on device", thrown where the operating system would throw it:
     * while the content is written), until the returned handle is closed. A test seam: it shows how
     * callers report a full disk, which cannot be made without privileges; one folder at a time.
     */
    public static AutoCloseable simulateFullDisk(Path dir) {
        Path full = dir.toAbsolutePath().normalize();
        fullDisk = full;
        return () -> fullDisk = null;
    }

    private static void failIfFull(Path file) throws IOException {
        Path full = fullDisk;
        if (full != null && file.normalize().startsWith(full)) {
            throw new IOException("No space left on device");
        }
    }

    /** Whether {@code file}'s name has the form of this class's temporary files. */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp") && name.length() > ".x..tmp".length();
    }

    private static Path createTemporary(Path dir, String name) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                // CREATE_NEW rather than Files.createTempFile: the latter makes the file owner-only,
                // and the rename would carry that onto the target.
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                // a name collision: draw another
            }
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // the write failed already and that failure is what the caller must see
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which only costs durability. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // the rename has happened; only its durability across a power loss is not guaranteed
        }
    }
}
