package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.loss.Loss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.GroupRules;
import org.metalr.api.HostTensor;
import org.metalr.backends.Backends;
import org.metalr.djl.DjlBlocks;
import org.metalr.javacpp.CppModules;
import org.metalr.libtorch.SharedLibTorch;
import org.metalr.report.RunPage;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.RunFiles;
import org.metalr.train.method.InvalidConfigException;
import org.metalr.runs.RunReport;
import org.metalr.runs.LossesCsv;

/**
 * A model of the user's own, built with a binding's API (a JavaCPP {@code Module}, a DJL {@code Block}),
 * fine-tuned with MetaLR through the trainer: stopped at an iteration limit and resumed on a freshly
 * built model, its run folder ends as that of a run never stopped, and the report renders it.
 */
class UserModelTrainerTest {

    @TempDir
    Path whole;
    @TempDir
    Path parts;

    /** A user's model and what to release after it. */
    private record Built(UserModel model, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            model.model().close();
            resources.close();
        }
    }

    /** The same user's model each time: built afresh, loaded with seeded weights. */
    private static Built build(String backend, DType dtype, int classes) {
        Differentiable model;
        AutoCloseable resources;
        if (backend.equals("javacpp")) {
            SharedLibTorch.load();
            UserNets.CppNet net = new UserNets.CppNet(classes);
            net.to(dtype == DType.FLOAT64 ? ScalarType.Double : ScalarType.Float, false);
            model = CppModules.differentiable(net, net::forward, dtype, CppModules.crossEntropy(),
                    GroupRules.parse(UserNets.CppNet.GROUPS));
            resources = net::close;
        } else {
            NDManager manager = DjlBlocks.newManager();
            SequentialBlock block = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1))
                            .optBias(false).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1)).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(Pool.globalAvgPool2dBlock())
                    .add(Linear.builder().setUnits(classes).build());
            block.initialize(manager, dtype == DType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32, new Shape(1, 3, 8, 8));
            model = DjlBlocks.differentiable(block, dtype, Loss.softmaxCrossEntropyLoss(),
                    GroupRules.parse("stem: 01Conv2d 02BatchNorm; body: 04Conv2d 05BatchNorm; head: 08Linear"));
            resources = manager::close;
        }
        model.loadState(seeded(model));
        return new Built(UserModel.classifier("user-cnn", model), resources);
    }

    /** Weights drawn from a seeded generator; running means 0, variances 1, counters 0. */
    private static Map<String, HostTensor> seeded(Differentiable model) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        SplittableRandom rnd = new SplittableRandom(17);
        List<String> buffers = model.buffers().stream().map(b -> b.name()).toList();
        model.state().forEach((name, t) -> {
            if (t.kind() == HostTensor.Kind.INT64) {
                out.put(name, HostTensor.ofLongs(new long[t.toLongArray().length], t.shape()));
                return;
            }
            double[] v = new double[t.toDoubleArray().length];
            boolean variance = name.toLowerCase(java.util.Locale.ROOT).endsWith("var");
            for (int i = 0; i < v.length; i++) {
                v[i] = buffers.contains(name) ? (variance ? 1 : 0) : 0.4 * rnd.nextGaussian();
            }
            out.put(name, HostTensor.of(v, t.shape()));
        });
        return out;
    }

    private static RunReport train(String backendName, TrainConfig config, Path dir, boolean resume) throws Exception {
        Backend backend = Backends.named(backendName);
        try (Built built = build(backendName, config.dtype(), Fixtures.CLASSES);
                TrainingData data = Fixtures.data(config, true)) {
            Trainer trainer = new Trainer(config, backend, built.model(), data, dir);
            return resume ? trainer.resume() : trainer.run();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"javacpp", "djl"})
    void aUserModelFineTunedWithMetaLrResumesToTheFilesOfAnUninterruptedRun(String backend) throws Exception {
        DType dtype = backend.equals("javacpp") ? DType.FLOAT64 : DType.FLOAT32;
        TrainConfig config = Fixtures.config("metalr").epochs(2).dtype(dtype).build();
        RunReport expected = train(backend, config, whole, false);
        assertThat(expected.finished()).isTrue();

        RunReport stopped = train(backend, config.toBuilder().maxIters(4).build(), parts, false);
        assertThat(stopped.status()).isEqualTo(RunReport.STOPPED);
        assertThat(stopped.iterations()).isEqualTo(4);
        RunReport resumed = train(backend, config, parts, true);
        assertThat(resumed.finished()).isTrue();

        for (String file : List.of(RunFiles.CONFIG, LrTrajectoryCsv.FILE_NAME, LossesCsv.FILE_NAME)) {
            assertThat(Files.readString(parts.resolve(file))).as(file).isEqualTo(Files.readString(whole.resolve(file)));
        }
        assertThat(ExampleMethodTest.metricsWithoutTime(parts)).isEqualTo(ExampleMethodTest.metricsWithoutTime(whole));
        Fixtures.assertSameTensors(parts, whole);

        var config0 = RunFiles.readTree(whole.resolve(RunFiles.CONFIG));
        assertThat(config0.path("model").path("name").asText()).isEqualTo("user-cnn");
        assertThat(config0.path("model").path("groups").toString()).isEqualTo("[\"stem\",\"body\",\"head\"]");
        assertThat(config0.path("model").path("outputs").asInt()).isEqualTo(3);
        assertThat(config0.path("backend").asText()).isEqualTo(backend);
        LrTrajectoryCsv.Trajectory log = LrTrajectoryCsv.read(whole.resolve(LrTrajectoryCsv.FILE_NAME));
        assertThat(log.rows()).hasSize(13);
        assertThat(log.ratesOf("stem")).as("MetaLR learned the rates").doesNotHaveDuplicates();

        assertThat(RunPage.write(parts)).isNotEmpty();
        assertThat(parts.resolve("report.html")).isRegularFile();
        assertThat(parts.resolve("lr_curves.png")).isRegularFile();
    }

    @Test
    void settingsThatDoNotFitAUserModelFailBeforeAnyFileIsWritten() throws Exception {
        Path run = whole.resolve("run");
        TrainConfig config = Fixtures.config("metalr").dtype(DType.FLOAT32).build();
        try (Built built = build("javacpp", DType.FLOAT64, Fixtures.CLASSES); TrainingData data = Fixtures.data(config, true)) {
            assertThatThrownBy(() -> new Trainer(config, Fixtures.JAVACPP, built.model(), data, run).run())
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage("invalid setting 'dtype': the model 'user-cnn' computes in float64 but the run's dtype"
                            + " is float32");
            UserModel segmenter = UserModel.segmenter("user-cnn", built.model().model());
            assertThatThrownBy(() -> new Trainer(config, Fixtures.JAVACPP, segmenter, data, run).run())
                    .hasMessage("invalid setting 'model': 'user-cnn' trains with its own segmentation loss on"
                            + " segmentation masks, but the data are class-labelled samples");
        }
        TrainConfig float64 = config.toBuilder().dtype(DType.FLOAT64).build();
        try (Built five = build("javacpp", DType.FLOAT64, 5); TrainingData data = Fixtures.data(float64, true)) {
            assertThatThrownBy(() -> new Trainer(float64, Fixtures.JAVACPP, five.model(), data, run).run())
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("the model 'user-cnn' has 5 outputs but the data has 3 classes");
            assertThatThrownBy(() -> new Trainer(float64, Fixtures.JAVACPP, five.model(), data, run).run())
                    .extracting(e -> ((InvalidConfigException) e).setting()).isEqualTo("num-classes");
        }
        assertThat(run).doesNotExist();
    }

}
