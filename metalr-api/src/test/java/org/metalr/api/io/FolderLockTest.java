package org.metalr.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.UserInputException;

/** One writer per folder: refused while held (in this process or another), taken over once the holder died. */
class FolderLockTest {

    @TempDir
    Path tmp;

    @Test
    void aHeldFolderIsRefusedNamingItsHolder() throws Exception {
        Path dir = tmp.resolve("run");
        try (FolderLock lock = FolderLock.acquire(dir, "metalr finetune")) {
            assertThat(dir.resolve(FolderLock.FILE)).isRegularFile();
            assertThat(lock.tookOver()).isFalse();
            assertThat(FolderLock.tryAcquire(dir, "other")).isEmpty();
            long pid = ProcessHandle.current().pid();
            assertThatThrownBy(() -> FolderLock.acquire(dir, "other"))
                    .isInstanceOf(FolderInUseException.class).isInstanceOf(UserInputException.class)
                    .hasMessageStartingWith(dir + " is in use by another metalr process (pid " + pid + " on host ")
                    .hasMessageContaining("metalr finetune");
            assertThat(FolderLock.holder(dir)).get().extracting(FolderLock.Holder::pid).isEqualTo(pid);
        }
        try (FolderLock again = FolderLock.acquire(dir, "second")) {
            assertThat(again.tookOver()).as("a released lock is not stale").isFalse();
        }
        assertThat(Files.readString(dir.resolve(FolderLock.FILE))).as("released: empty").isEmpty();
    }

    @Test
    void aLockFileNobodyHoldsIsTakenOver() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(dir.resolve(FolderLock.FILE), "pid=999999\nhost=gone\nsince=2020-01-01T00:00:00Z\npurpose=x\n");
        try (FolderLock lock = FolderLock.acquire(dir, "metalr finetune")) {
            assertThat(lock.tookOver()).isTrue();
            assertThat(FolderLock.holder(dir)).get().extracting(FolderLock.Holder::pid)
                    .isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void aFileIsNotAFolder() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        assertThatThrownBy(() -> FolderLock.acquire(file, "x")).isInstanceOf(UserInputException.class)
                .hasMessage(file + " is a file, not a folder");
    }

    @Test
    void anotherProcessHoldsTheFolderUntilItIsKilled() throws Exception {
        Path dir = tmp.resolve("shared");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                FolderLockHolder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> FolderLock.acquire(dir, "metalr finetune"))
                    .isInstanceOf(FolderInUseException.class)
                    .hasMessageContaining("pid " + child.pid() + " on host ").hasMessageContaining("holder test");
            child.destroyForcibly(); // SIGKILL: no cleanup, the kernel releases the lock
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (FolderLock lock = FolderLock.acquire(dir, "metalr finetune")) {
                assertThat(lock.tookOver()).isTrue();
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of(FolderLock.FILE));
    }
}
