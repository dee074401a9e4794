package org.metalr.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateChecksTest {

    private static final List<TensorInfo> PARAMS = List.of(new TensorInfo("fc.weight", new long[] {3, 2}));
    private static final List<TensorInfo> BUFFERS = List.of(new TensorInfo("bn.running_mean", new long[] {2}),
            new TensorInfo("bn.num_batches_tracked", new long[0]));

    private static Map<String, HostTensor> good() {
        Map<String, HostTensor> s = new LinkedHashMap<>();
        s.put("fc.weight", HostTensor.of(new float[6], 3, 2));
        s.put("bn.running_mean", HostTensor.of(new double[2], 2));
        s.put("bn.num_batches_tracked", HostTensor.ofLongs(new long[] {4}));
        return s;
    }

    private static Map<String, HostTensor> with(String name, HostTensor value) {
        Map<String, HostTensor> s = good();
        if (value == null) {
            s.remove(name);
        } else {
            s.put(name, value);
        }
        return s;
    }

    @Test
    void acceptsACompleteStateOfEitherFloatKind() {
        assertThatCode(() -> StateChecks.validate(PARAMS, BUFFERS, good())).doesNotThrowAnyException();
        assertThat(StateChecks.isCounter("layer1.0.bn1.num_batches_tracked")).isTrue();
        assertThat(StateChecks.isCounter("bn.running_var")).isFalse();
    }

    @Test
    void namesTheKeyAndWhatIsWrong() {
        assertThatThrownBy(() -> StateChecks.validate(PARAMS, BUFFERS, with("bn.running_mean", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state lacks tensor 'bn.running_mean' of shape [2]");
        assertThatThrownBy(() -> StateChecks.validate(PARAMS, BUFFERS, with("fc.weight", HostTensor.of(new float[6], 2, 3))))
                .hasMessage("tensor 'fc.weight' has shape [2, 3], expected [3, 2]");
        assertThatThrownBy(() -> StateChecks.validate(PARAMS, BUFFERS,
                with("bn.num_batches_tracked", HostTensor.of(new double[] {4}))))
                .hasMessage("tensor 'bn.num_batches_tracked' is FLOAT64, expected an INT64 batch counter");
        assertThatThrownBy(() -> StateChecks.validate(PARAMS, BUFFERS,
                with("bn.running_mean", HostTensor.ofLongs(new long[2], 2))))
                .hasMessage("tensor 'bn.running_mean' is INT64, expected FLOAT32 or FLOAT64 values");
        Map<String, HostTensor> unknown = good();
        unknown.put("z.extra", HostTensor.of(new float[1], 1));
        unknown.put("a.extra", HostTensor.of(new float[1], 1));
        assertThatThrownBy(() -> StateChecks.validate(PARAMS, BUFFERS, unknown))
                .hasMessage("state has unknown tensor 'a.extra'; the model has 1 parameters and 2 buffers, none of"
                        + " that name");
    }
}
