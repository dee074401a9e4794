package org.metalr.api.io;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer per folder: a run folder, a comparison folder, any folder a process fills. The lock is the
 * file {@value #FILE} in the folder, held with an operating-system file lock ({@link FileChannel#tryLock})
 * for as long as the process keeps this object open, normally its whole life; it names the holder (process
 * id, host, start time, what it does) so that a second writer is refused at once with a message that says
 * who holds the folder ({@link FolderInUseException}, a user-input error: exit status 2).
 *
 * <p><b>Stale locks.</b> The kernel releases a file lock when its process dies, however it dies (kill -9
 * included), so a lock file that exists but is not locked was left by a dead holder: {@link #acquire} and
 * {@link #tryAcquire} take it over (and {@link #tookOver()} says so). A live holder's lock is never broken.
 * {@link #close()} empties the file and releases the lock but leaves the file in place: deleting a lock
 * file races with a process that has just opened it (both could then hold "the" lock on two files), so
 * the file, hidden, stays in the folder for good.
 *
 * <p><b>Within one process</b> the folders held are remembered: a second acquisition of a held folder by
 * the same process is refused like any other (Java file locks are per process, not per thread).
 *
 * <p><b>Network file systems.</b> The lock is a POSIX record lock ({@code fcntl}). On NFSv4, and on NFSv3
 * with a working lock manager ({@code lockd}/{@code statd}), it excludes writers on other machines too; a
 * mount with {@code nolock}, or a file system without locks, gives each machine only its own locks: two
 * machines can then both believe they hold a folder. After a client crash an NFS server may hold its locks
 * until its lease or grace period ends (about 90 s on NFSv4), and the folder is refused meanwhile. The host
 * named in the message tells where the holder runs; its PID means something only there.
 *
 * <p>Thread-safe. For sweep workers that claim runs, {@link #tryAcquire} is the non-throwing form.
 */
public final class FolderLock implements AutoCloseable {

    /** The lock file's name inside the folder. */
    public static final String FILE = ".metalr.lock";

    /** Folders this process holds, as absolute normalised paths. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    /**
     * Who holds a folder, as its lock file says.
     *
     * @param pid     the process id
     * @param host    the host name
     * @param since   when it took the lock
     * @param purpose what it does ("metalr finetune"), may be empty
     */
    public record Holder(long pid, String host, Instant since, String purpose) {
        /** "pid 1234 on host h since 2024-...: metalr finetune". */
        @Override
        public String toString() {
            return "pid " + pid + " on host " + host + " since " + since + (purpose.isEmpty() ? "" : ", " + purpose);
        }

        String encode() {
            return "pid=" + pid + "\nhost=" + host + "\nsince=" + since + "\npurpose=" + purpose.replace('\n', ' ') + "\n";
        }

        /** Parses a lock file's text; empty when it is not one (being written, or not ours). */
        static Optional<Holder> decode(String text) {
            long pid = -1;
            String host = null;
            Instant since = null;
            String purpose = "";
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String value = line.substring(eq + 1);
                try {
                    switch (line.substring(0, eq)) {
                        case "pid" -> pid = Long.parseLong(value);
                        case "host" -> host = value;
                        case "since" -> since = Instant.parse(value);
                        case "purpose" -> purpose = value;
                        default -> { }
                    }
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
            return pid < 0 || host == null || since == null ? Optional.empty()
                    : Optional.of(new Holder(pid, host, since, purpose));
        }
    }

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final Holder holder;
    private final boolean tookOver;
    private boolean closed;

    private FolderLock(Path dir, FileChannel channel, FileLock lock, Holder holder, boolean tookOver) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
        this.tookOver = tookOver;
    }

    /**
     * Locks {@code dir} for this process, creating the folder (and its parents) if needed.
     *
     * @param purpose what the holder does, for the message another writer gets ("metalr finetune")
     * @throws FolderInUseException naming the holder if another process (or this one) holds the folder
     * @throws org.metalr.api.UserInputException if {@code dir} exists and is not a folder
     * @throws IOException "cannot write DIR: REASON" if the folder or its lock file cannot be created
     */
    public static FolderLock acquire(Path dir, String purpose) throws IOException {
        Optional<FolderLock> lock = tryAcquire(dir, purpose);
        if (lock.isPresent()) {
            return lock.get();
        }
        throw new FolderInUseException(dir, holder(dir).orElse(null));
    }

    /**
     * Locks {@code dir} if no live process holds it: the form for workers that claim folders.
     *
     * @return the lock, or empty if another holder has it
     * @throws org.metalr.api.UserInputException if {@code dir} exists and is not a folder
     * @throws IOException "cannot write DIR: REASON" if the folder or its lock file cannot be created
     */
    public static Optional<FolderLock> tryAcquire(Path dir, String purpose) throws IOException {
        Objects.requireNonNull(purpose, "purpose");
        Path key = dir.toAbsolutePath().normalize();
        if (Files.exists(key) && !Files.isDirectory(key)) {
            throw new org.metalr.api.UserInputException(dir + " is a file, not a folder");
        }
        try {
            Files.createDirectories(key);
        } catch (IOException e) {
            throw AtomicFiles.cannotWrite(dir, e);
        }
        if (!HELD.add(key)) {
            return Optional.empty();
        }
        boolean done = false;
        try {
            Optional<FolderLock> lock = lock(key, purpose);
            done = lock.isPresent();
            return lock;
        } finally {
            if (!done) {
                HELD.remove(key);
            }
        }
    }

    private static Optional<FolderLock> lock(Path dir, String purpose) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw AtomicFiles.cannotWrite(file, e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            boolean stale = !read(channel).isBlank();
            Holder me = new Holder(ProcessHandle.current().pid(), host(), Instant.now(), purpose);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me.encode().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return Optional.of(new FolderLock(dir, channel, lock, me, stale));
        } catch (IOException e) {
            channel.close();
            throw AtomicFiles.cannotWrite(file, e);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String read(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 4096);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // read on
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "unknown";
        }
    }

    /**
     * Who holds {@code dir} as its lock file says, if anyone wrote one; says nothing of whether the holder
     * is alive (only a failed {@link #tryAcquire} says that).
     */
    public static Optional<Holder> holder(Path dir) {
        Path file = dir.resolve(FILE);
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                Optional<Holder> h = Holder.decode(Files.readString(file, StandardCharsets.UTF_8));
                if (h.isPresent()) {
                    return h;
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            try {
                Thread.sleep(10); // the holder is writing it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }

    /** The folder locked. */
    public Path dir() {
        return dir;
    }

    /** This process, as the lock file names it. */
    public Holder holder() {
        return holder;
    }

    /** Whether a lock file left by a holder that died holding it was found and taken over. */
    public boolean tookOver() {
        return tookOver;
    }

    /** Empties the lock file and releases the lock; the folder and the file stay. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.truncate(0);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
                HELD.remove(dir);
            }
        }
    }
}
