package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;
import org.metalr.train.method.InvalidConfigException;

/**
 * The trainer builds a described model on the run's device and records it, without a GPU: a backend that
 * records the device it is asked for and builds on the CPU stands in for one. A user's model must live on
 * the run's device.
 */
class DevicePlumbingTest {

    @TempDir
    Path tmp;

    /** Records every device asked for; builds every model on the CPU with the JavaCPP backend. */
    static final class RecordingBackend implements Backend {
        final List<Device> asked = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public String describe() {
            return "records devices, builds with " + Fixtures.JAVACPP.describe();
        }

        @Override
        public Differentiable create(Network network, Map<String, HostTensor> initialState, DType dtype) {
            return create(network, initialState, dtype, Device.CPU);
        }

        @Override
        public Differentiable create(Network network, Map<String, HostTensor> initialState, DType dtype, Device device) {
            asked.add(device);
            return Fixtures.JAVACPP.create(network, initialState, dtype);
        }
    }

    private RunReport run(Backend backend, Device device, Path dir) throws Exception {
        TrainConfig config = Fixtures.config("metalr").build();
        try (TrainingData data = Fixtures.data(config, true)) {
            Trainer t = new Trainer(config, backend, Fixtures.model(), data, dir);
            if (device != null) {
                t.device(device);
            }
            return t.run();
        }
    }

    @Test
    void theRunsDeviceReachesTheBackendAndConfigJson() throws Exception {
        RecordingBackend gpu = new RecordingBackend();
        run(gpu, Device.cuda(1), tmp.resolve("gpu"));
        assertThat(gpu.asked).containsExactly(Device.cuda(1));
        assertThat(RunFiles.readTree(tmp.resolve("gpu").resolve(RunFiles.CONFIG)).get("device").asText())
                .isEqualTo("cuda:1");

        RecordingBackend cpu = new RecordingBackend();
        run(cpu, null, tmp.resolve("cpu"));
        assertThat(cpu.asked).containsExactly(Device.CPU);
        assertThat(RunFiles.readTree(tmp.resolve("cpu").resolve(RunFiles.CONFIG)).get("device").asText())
                .isEqualTo("cpu");
    }

    @Test
    void theCpuPathIsUnchanged() throws Exception {
        run(Fixtures.JAVACPP, null, tmp.resolve("default"));
        run(Fixtures.JAVACPP, Device.CPU, tmp.resolve("explicit"));
        assertThat(Files.readString(tmp.resolve("explicit").resolve("lr_trajectory.csv")))
                .isEqualTo(Files.readString(tmp.resolve("default").resolve("lr_trajectory.csv")));
        Fixtures.assertSameTensors(tmp.resolve("explicit"), tmp.resolve("default"));
    }

    @Test
    void aUsersModelMustLiveOnTheRunsDevice() throws Exception {
        TrainConfig config = Fixtures.config("all").build();
        Network net = Fixtures.network();
        try (Differentiable mine = Fixtures.JAVACPP.create(net, Initializers.kaiming(net, 3), DType.FLOAT32);
                TrainingData data = Fixtures.data(config, true)) {
            Trainer t = new Trainer(config, Fixtures.JAVACPP, UserModel.classifier("mine", mine), data,
                    tmp.resolve("mine")).device(Device.cuda(0));
            assertThatThrownBy(t::run).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("device")
                    .hasMessageContaining("the model 'mine' lives on cpu but the run's device is cuda:0");
            assertThat(tmp.resolve("mine")).doesNotExist();
        }
    }
}
