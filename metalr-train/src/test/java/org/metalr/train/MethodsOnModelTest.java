package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.Backend;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;
import org.metalr.backends.Backends;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.RunReport;

/**
 * Every method on a real model through the trainer: the groups it freezes keep every parameter bit for
 * bit, every parameter of the others moves, and the rates follow the method.
 */
class MethodsOnModelTest {

    @TempDir
    Path dir;

    static Stream<Arguments> methods() {
        boolean t = true;
        boolean f = false;
        return Stream.of(
                Arguments.of("javacpp", "last", new boolean[] {t, t, t, f}),
                Arguments.of("javacpp", "all", new boolean[] {f, f, f, f}),
                Arguments.of("javacpp", "layerwise:2", new boolean[] {t, t, f, f}),
                Arguments.of("javacpp", "bidir:2-3", new boolean[] {f, t, t, f}),
                Arguments.of("javacpp", "llrd:0.5", new boolean[] {f, f, f, f}),
                Arguments.of("javacpp", "autolr", new boolean[] {f, f, f, f}),
                Arguments.of("javacpp", "mina:I1:1", new boolean[] {f, t, t, t}),
                Arguments.of("javacpp", "mina:I1:-2", new boolean[] {t, t, f, f}),
                Arguments.of("javacpp", "metalr", new boolean[] {f, f, f, f}),
                Arguments.of("djl", "bidir:1-2", new boolean[] {t, t, f, f}),
                Arguments.of("djl", "metalr", new boolean[] {f, f, f, f}));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("methods")
    void frozenGroupsStayBitForBitAndTrainedOnesMove(String backendName, String method, boolean[] frozen) throws Exception {
        Backend backend = Backends.named(backendName);
        // AutoLR's retries are AutoLrOnModelTest's subject: here its first pass stands
        TrainConfig config = Fixtures.config(method.equals("autolr") ? "autolr:threshold=0" : method).epochs(1).build();
        ModelSpec model = Fixtures.model();
        try (TrainingData data = Fixtures.data(config, true)) {
            RunReport report = new Trainer(config, backend, model, data, dir).run();
            assertThat(report.status()).isEqualTo(RunReport.FINISHED);
            assertThat(report.frozen()).containsExactly(frozen);
            assertThat(report.iterations()).isEqualTo(6);
        }
        Map<String, HostTensor> after = Fixtures.lastModel(dir);
        List<ParamGroup> groups = model.network().groups();
        for (TensorInfo p : model.network().parameters()) {
            int g = 0;
            while (!groups.get(g).contains(p.name())) {
                g++;
            }
            float[] before = model.initialState().get(p.name()).toFloatArray();
            float[] now = after.get(p.name()).toFloatArray();
            if (frozen[g]) {
                assertThat(now).as("frozen %s", p.name()).containsExactly(before);
            } else {
                assertThat(now).as("trained %s", p.name()).isNotEqualTo(before);
            }
        }
        LrTrajectoryCsv.Trajectory log = LrTrajectoryCsv.read(dir.resolve(LrTrajectoryCsv.FILE_NAME));
        assertThat(log.groups()).containsExactly("stem", "block1", "block2", "fc");
        assertThat(log.rows()).hasSize(7);
        double[] first = log.rows().get(0).rates();
        if (method.equals("metalr")) {
            // the released code's rule holds the classifier at its initial rate for five epochs
            assertThat(log.ratesOf("fc")).containsOnly(0.01);
            assertThat(log.ratesOf("stem")).doesNotHaveDuplicates();
        } else {
            for (LrTrajectoryCsv.Row row : log.rows()) {
                assertThat(row.rates()).containsExactly(first);
            }
        }
        if (method.equals("llrd:0.5")) {
            assertThat(first).containsExactly(0.00125, 0.0025, 0.005, 0.01);
        } else if (method.equals("all")) {
            assertThat(first).containsExactly(0.001, 0.001, 0.001, 0.001);
        } else {
            assertThat(first).containsExactly(0.001, 0.001, 0.001, 0.01);
        }
    }
}
