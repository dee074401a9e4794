package org.metalr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

    @TempDir
    Path dir;

    private long temporaries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("report.html");
        Files.writeString(target, "old");
        AtomicOutput.writeString(target, "new content");
        assertThat(Files.readString(target)).isEqualTo("new content");
        assertThat(temporaries()).isZero();
    }

    @Test
    void aFailingWriterLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("lr_curves.png");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicOutput.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessageContaining("lr_curves.png").hasMessageContaining("disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(temporaries()).isZero();
    }

    @Test
    void anUncheckedFailureAlsoLeavesTheTargetAlone() throws IOException {
        Path target = dir.resolve("a.txt");
        assertThatThrownBy(() -> AtomicOutput.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(target).doesNotExist();
        assertThat(temporaries()).isZero();
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path target = dir.resolve("absent").resolve("report.html");
        assertThatThrownBy(() -> AtomicOutput.writeString(target, "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("absent").hasMessageContaining("does not exist");
    }

    @Test
    void aDirectoryAtTheTargetIsRefused() throws IOException {
        Path target = Files.createDirectory(dir.resolve("report.html"));
        assertThatThrownBy(() -> AtomicOutput.writeString(target, "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("is a directory");
    }
}
