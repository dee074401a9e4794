package org.metalr.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesAndReplacesAFile() throws IOException {
        Path target = dir.resolve("metrics.json");
        AtomicFiles.writeString(target, "first");
        assertThat(target).hasContent("first");
        AtomicFiles.write(target, "second, longer than the first".getBytes(StandardCharsets.UTF_8));
        assertThat(target).hasContent("second, longer than the first");
        AtomicFiles.writeString(target, "3");
        assertThat(target).hasContent("3");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("checkpoint.bin");
        AtomicFiles.writeString(target, "old content");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessageContaining("cannot write").hasMessageContaining("checkpoint.bin")
                .hasMessageContaining("disk full");
        assertThat(target).hasContent("old content");
        assertThat(listing()).containsExactly(target);

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("serialiser bug");
        })).isInstanceOf(IllegalStateException.class).hasMessage("serialiser bug");
        assertThat(target).hasContent("old content");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void aTargetThatIsADirectoryFailsAndStaysUntouched() throws IOException {
        Path target = Files.createDirectory(dir.resolve("config.json"));
        Files.writeString(target.resolve("inside"), "kept");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x"))
                .isInstanceOf(IOException.class).hasMessageContaining("config.json").hasMessageContaining("directory");
        assertThat(target.resolve("inside")).hasContent("kept");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path target = dir.resolve("no-such-run").resolve("metrics.json");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x"))
                .isInstanceOf(IOException.class).hasMessageContaining("no-such-run").hasMessageContaining("does not exist");
    }

    @Test
    void theNewFileHasDefaultPermissionsNotOwnerOnly() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Path atomic = dir.resolve("atomic");
        AtomicFiles.writeString(atomic, "x");
        assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void recognisesItsTemporaryNames() {
        assertThat(AtomicFiles.isTemporary(Path.of(".metrics.json.1f3a.tmp"))).isTrue();
        assertThat(AtomicFiles.isTemporary(Path.of("metrics.json"))).isFalse();
    }

    private long temporaries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("report.html");
        Files.writeString(target, "old");
        AtomicFiles.writeString(target, "new content");
        assertThat(Files.readString(target)).isEqualTo("new content");
        assertThat(temporaries()).isZero();
    }

    @Test
    void aFailingWriterLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("lr_curves.png");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessageContaining("lr_curves.png").hasMessageContaining("disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(temporaries()).isZero();
    }

    @Test
    void anUncheckedFailureAlsoLeavesTheTargetAlone() throws IOException {
        Path target = dir.resolve("a.txt");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(target).doesNotExist();
        assertThat(temporaries()).isZero();
    }

    @Test
    void aMissingDirectoryIsNamedInTheMessage() {
        Path target = dir.resolve("absent").resolve("report.html");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("absent").hasMessageContaining("does not exist");
    }

    @Test
    void aDirectoryAtTheTargetIsRefused() throws IOException {
        Path target = Files.createDirectory(dir.resolve("report.html"));
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void aFullDiskIsOneLineNamingTheFileAndLeavesItAsItWas() throws Exception {
        Path target = dir.resolve("metrics.json");
        AtomicFiles.writeString(target, "old");
        try (AutoCloseable full = AtomicFiles.simulateFullDisk(dir)) {
            assertThatThrownBy(() -> AtomicFiles.writeString(target, "new")).isInstanceOf(IOException.class)
                    .hasMessage("cannot write " + target + ": No space left on device");
        }
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listing()).containsExactly(target);
        AtomicFiles.writeString(target, "new");
        assertThat(Files.readString(target)).isEqualTo("new");
    }

    @Test
    void theOperatingSystemsReasonIsKeptWithoutTheExceptionType() {
        Path file = dir.resolve("x");
        IOException denied = new java.nio.file.AccessDeniedException(file.toString(), null, "Permission denied");
        assertThat(AtomicFiles.cannotWrite(file, denied)).hasMessage("cannot write " + file + ": Permission denied")
                .hasCause(denied);
        IOException once = AtomicFiles.cannotWrite(file, new IOException("No space left on device"));
        assertThat(AtomicFiles.cannotWrite(dir, once)).isSameAs(once);
    }
}
