package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metalr.api.UserInputException;

class BenchOptionsTest {

    @Test
    void fullRunDefaults() {
        BenchOptions o = BenchOptions.parse(new String[0]);
        assertThat(o.quick()).isFalse();
        assertThat(o.threads()).isEqualTo(2);
        assertThat(o.iterations()).isEqualTo(30);
        assertThat(o.rounds()).isEqualTo(1);
        assertThat(o.warmup()).isEqualTo(5);
        assertThat(o.soakFlags("resnet18", "metalr-official", true)).containsExactly("--soak", "1000", "--settle", "100");
        assertThat(o.soakFlags("unet3d", "metalr-official", true)).containsExactly("--soak", "200", "--settle", "50");
        assertThat(o.soakFlags("resnet18", "metalr-official", false)).containsExactly("--soak", "0", "--settle", "0");
        assertThat(o.soakFlags("resnet18", "plain-adam", true)).containsExactly("--soak", "0", "--settle", "0");
        assertThat(o.soakSteps()).containsExactly(StepKind.METALR_OFFICIAL);
        assertThat(o.workloads()).containsExactly("resnet18", "unet3d");
        assertThat(o.backends()).containsExactly("javacpp", "djl");
        assertThat(o.steps()).containsExactlyElementsOf(Arrays.asList(StepKind.values()));
        assertThat(o.batchFor("resnet18")).isEqualTo(32);
        assertThat(o.batchFor("unet3d")).isEqualTo(2);
        assertThat(o.unetWidth()).isEqualTo(Workload.UNET3D_CPU_WIDTH);
        assertThat(o.ompWaitPolicy()).isEqualTo("PASSIVE");
        assertThat(o.jvmOptions()).containsExactly("-Xms384m", "-Xmx384m", "-XX:+AlwaysPreTouch");
        assertThat(o.out()).isEqualTo(Path.of("runs", "bench", "bench-results.json"));
    }

    @Test
    void quickRunShrinksEverythingButTheArchitectures() {
        BenchOptions o = BenchOptions.parse(new String[] {"--quick"});
        assertThat(o.iterations()).isEqualTo(3);
        assertThat(o.warmup()).isEqualTo(1);
        assertThat(o.soakFlags("resnet18", "metalr-official", true)).containsExactly("--soak", "20", "--settle", "5");
        assertThat(o.soakFlags("unet3d", "metalr-official", true)).containsExactly("--soak", "20", "--settle", "5");
        assertThat(o.workloads()).containsExactly("resnet18");
        assertThat(o.batchFor("resnet18")).isEqualTo(8);
        assertThat(o.batchFor("unet3d")).isEqualTo(2);
    }

    @Test
    void explicitOptionsWin() {
        BenchOptions o = BenchOptions.parse(new String[] {"--quick", "--iterations", "7", "--rounds", "3", "--threads=4",
            "--workloads", "smallcnn", "--backends", "djl", "--steps", "plain-adam,metalr-paper", "--batch", "16",
            "--soak-steps", "plain-adam", "--omp-wait-policy", "inherit", "--jvm-opts", "-Xmx2g", "--no-python"});
        assertThat(o.iterations()).isEqualTo(7);
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.threads()).isEqualTo(4);
        assertThat(o.workloads()).containsExactly("smallcnn");
        assertThat(o.backends()).containsExactly("djl");
        assertThat(o.steps()).containsExactly(StepKind.PLAIN_ADAM, StepKind.METALR_PAPER);
        assertThat(o.batchFor("smallcnn")).isEqualTo(16);
        assertThat(o.soaks("plain-adam")).isTrue();
        assertThat(o.soaks("metalr-paper")).isFalse();
        assertThat(o.ompWaitPolicy()).isNull();
        assertThat(o.jvmOptions()).containsExactly("-Xmx2g");
        assertThat(o.skipPython()).isTrue();
    }

    @Test
    void noSoakMeansNoConfigurationSoaks() {
        assertThat(BenchOptions.parse(new String[] {"--soak", "0"}).soaks("metalr-official")).isFalse();
        BenchOptions given = BenchOptions.parse(new String[] {"--soak", "300", "--settle", "0"});
        assertThat(given.soakFlags("unet3d", "metalr-official", true)).containsExactly("--soak", "300", "--settle", "0");
    }

    @Test
    void badInputIsNamedAndIsTheUsersInput() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--threads", "0"}))
                .isInstanceOf(UserInputException.class).hasMessageContaining("--threads must be a whole number >= 1, got '0'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--iterations"}))
                .isInstanceOf(UserInputException.class).hasMessageContaining("--iterations needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--steps", "metalr-fast"}))
                .isInstanceOf(UserInputException.class).hasMessageContaining("--steps: unknown step 'metalr-fast'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--backends", "onnx"}))
                .isInstanceOf(UserInputException.class).hasMessageContaining("unknown backend 'onnx'; available: djl, javacpp");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--workloads", "vit"}))
                .isInstanceOf(UserInputException.class).hasMessageContaining("unknown workload 'vit'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--omp-wait-policy", "spin"}))
                .isInstanceOf(UserInputException.class).hasMessageContaining("passive, active or inherit");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--fast"}))
                .isInstanceOf(UserInputException.class).hasMessageContaining("unknown option '--fast'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--quick", "--quick"}))
                .isInstanceOf(UserInputException.class).hasMessageContaining("--quick given twice");
    }

    @Test
    void helpIsRecognisedAnywhere() {
        assertThat(BenchOptions.wantsHelp(new String[] {"--threads", "2", "--help"})).isTrue();
        assertThat(BenchOptions.wantsHelp(new String[] {"--threads", "2"})).isFalse();
        assertThat(BenchOptions.USAGE).contains("--quick", "--out", "--workloads", "--backends");
    }

    @Test
    void pythonStepsFollowTheJavaSteps() {
        assertThat(PythonReference.steps(List.of(StepKind.values())))
                .containsExactly("plain-sgd", "plain-adam", PythonReference.RELEASED_CODE);
        assertThat(PythonReference.steps(List.of(StepKind.PLAIN_ADAM))).containsExactly("plain-adam");
        assertThat(PythonReference.steps(List.of(StepKind.METALR_PAPER))).containsExactly(PythonReference.RELEASED_CODE);
    }
}
