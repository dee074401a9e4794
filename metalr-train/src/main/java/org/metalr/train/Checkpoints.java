package org.metalr.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.metalr.api.HostTensor;
import org.metalr.models.checkpoint.CheckpointException;
import org.metalr.models.checkpoint.SafetensorsReader;
import org.metalr.models.checkpoint.SafetensorsWriter;
import org.metalr.runs.RunFiles;

/**
 * A run's checkpoints: {@code checkpoints/iter-<12 digits>/} holding the model's parameters and
 * buffers ({@code model.safetensors}), the method's tensors: optimizer state and any of its own
 * ({@code method.safetensors}), the selected model as it was then ({@code best.safetensors}, a hard
 * link where the file system has them) and {@code state.json}. A checkpoint is written into a hidden
 * folder that is renamed into place once complete, so a killed run leaves whole checkpoints only;
 * older ones are deleted after the new one is in place, so one always survives.
 */
final class Checkpoints {

    static final String DIR = "checkpoints";
    static final String BEST = "best.safetensors";
    private static final String MODEL = "model.safetensors";
    private static final String METHOD = "method.safetensors";
    private static final String STATE = "state.json";
    private static final Pattern NAME = Pattern.compile("iter-(\\d{12})");

    private Checkpoints() {}

    /** A checkpoint read back. */
    record Loaded(Path dir, CheckpointState state, Map<String, HostTensor> model, Map<String, HostTensor> method) {}

    /** Writes a checkpoint of {@code runDir} and deletes the older ones. */
    static Path write(Path runDir, CheckpointState state, Map<String, HostTensor> model, Map<String, HostTensor> method)
            throws IOException {
        Path root = Files.createDirectories(runDir.resolve(DIR));
        Path tmp = Files.createTempDirectory(root, ".partial-");
        try {
            Map<String, String> meta = Map.of("iteration", Long.toString(state.iteration()));
            SafetensorsWriter.write(tmp.resolve(MODEL), model, meta);
            SafetensorsWriter.write(tmp.resolve(METHOD), method, meta);
            Path best = runDir.resolve(BEST);
            if (state.selectedEpoch() != null && Files.exists(best)) {
                linkOrCopy(best, tmp.resolve(BEST));
            }
            RunFiles.write(tmp.resolve(STATE), state);
            Path target = root.resolve(String.format("iter-%012d", state.iteration()));
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(root, ".old-");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            tmp = null;
            try (DirectoryStream<Path> all = Files.newDirectoryStream(root)) {
                for (Path p : all) {
                    if (!p.equals(target)) {
                        deleteTree(p);
                    }
                }
            }
            return target;
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** The newest complete checkpoint of {@code runDir}, if any. */
    static Optional<Path> latest(Path runDir) throws IOException {
        Path root = runDir.resolve(DIR);
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(root)) {
            for (Path p : all) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p.resolve(STATE))) {
                    found.add(p);
                }
            }
        }
        return found.stream().max(Comparator.comparing(p -> p.getFileName().toString()));
    }

    /**
     * Reads a checkpoint back.
     *
     * @throws CheckpointException naming the file if a file of the checkpoint is missing or malformed
     */
    static Loaded read(Path dir) {
        CheckpointState state;
        try {
            state = RunFiles.read(dir.resolve(STATE), CheckpointState.class);
        } catch (IOException e) {
            throw new CheckpointException(dir.resolve(STATE).toString(), null, "cannot be read: " + e.getMessage(), e);
        }
        if (state.format() != CheckpointState.FORMAT) {
            throw new CheckpointException(dir.resolve(STATE).toString(), null, "format " + state.format()
                    + ", expected " + CheckpointState.FORMAT);
        }
        return new Loaded(dir, state, SafetensorsReader.read(dir.resolve(MODEL)).tensors(),
                SafetensorsReader.read(dir.resolve(METHOD)).tensors());
    }

    /** Puts the checkpoint's selected model back as the run's {@code best.safetensors} (or removes it). */
    static void restoreBest(Loaded checkpoint, Path runDir) throws IOException {
        Path saved = checkpoint.dir().resolve(BEST);
        Path best = runDir.resolve(BEST);
        if (!Files.exists(saved)) {
            Files.deleteIfExists(best);
            return;
        }
        if (Files.exists(best) && Files.isSameFile(saved, best)) {
            return; // the run's file is the checkpoint's, hard-linked: nothing to restore
        }
        Path tmp = runDir.resolve("." + BEST + ".restore.tmp");
        Files.deleteIfExists(tmp);
        linkOrCopy(saved, tmp);
        Files.move(tmp, best, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // rename(2) over another link of the same file does nothing and leaves both names
        Files.deleteIfExists(tmp);
    }

    /** A hard link where possible: the file is never modified in place, only replaced by renames. */
    private static void linkOrCopy(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(from, to);
        }
    }

    /** Deletes a file, or a folder with everything in it; nothing if it does not exist. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
