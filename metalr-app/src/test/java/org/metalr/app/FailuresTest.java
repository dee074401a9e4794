package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import org.metalr.api.UserInputException;
import org.metalr.data.BadInputException;
import org.metalr.train.method.InvalidConfigException;
import picocli.CommandLine;

/** Each failure's family, exit status and one line: only the user's input exits 2. */
class FailuresTest {

    @Test
    void theUsersInputExitsTwo() {
        for (Throwable ex : new Throwable[] {new UserInputException("--x must be positive"),
            new BadInputException(java.nio.file.Path.of("a.png"), "empty file"),
            new InvalidConfigException("epochs", "must be at least 1, got 0"),
            new CommandLine.ParameterException(new CommandLine(new Main()), "Unknown option: '--bogus'")}) {
            assertThat(Failures.of(ex)).as(ex.toString()).isEqualTo(Failures.USER_INPUT);
            assertThat(Failures.of(ex).exitCode(ex)).isEqualTo(2);
        }
        assertThat(Failures.USER_INPUT.line(new BadInputException(java.nio.file.Path.of("a.png"), "empty file")))
                .isEqualTo("a.png: empty file");
    }

    @Test
    void theEnvironmentExitsOneNamingThePathAndTheCause() {
        IOException full = new IOException("cannot write runs/x/config.json: No space left on device");
        assertThat(Failures.of(full)).isEqualTo(Failures.ENVIRONMENT);
        assertThat(Failures.of(full).exitCode(full)).isEqualTo(1);
        assertThat(Failures.ENVIRONMENT.line(full)).isEqualTo("cannot write runs/x/config.json: No space left on device");
        assertThat(Failures.ENVIRONMENT.line(new UncheckedIOException(new AccessDeniedException("runs/x"))))
                .isEqualTo("runs/x: permission denied");
        assertThat(Failures.ENVIRONMENT.line(new NoSuchFileException("runs/y"))).isEqualTo("runs/y: no such file or directory");
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        assertThat(Failures.of(oom)).isEqualTo(Failures.ENVIRONMENT);
        assertThat(Failures.ENVIRONMENT.line(oom)).startsWith("out of memory (Java heap space); give Java more with"
                + " METALR_JAVA_OPTS=-Xmx");
    }

    @Test
    void aProgrammingErrorIsInternalAndNotTheUsersInput() {
        for (Throwable ex : new Throwable[] {new IllegalStateException("a bug"), new IllegalArgumentException("a bug"),
            new NullPointerException("a bug")}) {
            assertThat(Failures.of(ex)).as(ex.toString()).isEqualTo(Failures.INTERNAL);
            assertThat(Failures.of(ex).exitCode(ex)).isEqualTo(1);
            assertThat(Failures.INTERNAL.line(ex)).isEqualTo("internal error: a bug (run again with --verbose for the"
                    + " stack trace)");
        }
    }

    @Test
    void aMessageOfSeveralLinesBecomesOne() {
        String m = Failures.message(new UserInputException("3 problems:\n- a\n- b\n- c\n- d\n- e"));
        assertThat(m).isEqualTo("3 problems: a; b; c; ... (2 more lines; --verbose shows them)").doesNotContain("\n");
    }
}
