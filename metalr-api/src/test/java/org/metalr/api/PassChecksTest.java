package org.metalr.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;

class PassChecksTest {

    private static final HostTensor IMAGES = HostTensor.of(new double[2 * 3 * 4 * 4], 2, 3, 4, 4);

    private static Network network(Layer... tail) {
        Layer[] layers = new Layer[tail.length + 1];
        layers[0] = new Layer.GlobalAvgPool();
        System.arraycopy(tail, 0, layers, 1, tail.length);
        return new Network("n", Layer.Sequential.of(layers), Network.Loss.CROSS_ENTROPY,
                List.of(ParamGroup.of("all", "fc")));
    }

    @Test
    void labelsMustBeClassesOfANetworkEndingInALinearLayer() {
        Network net = network(new Layer.Linear("fc", 3, 5, true));
        assertThatCode(() -> PassChecks.fits(net, new Batch(IMAGES, new long[] {0, 4}))).doesNotThrowAnyException();
        assertThatThrownBy(() -> PassChecks.fits(net, new Batch(IMAGES, new long[] {0, 5})))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("label 5 of sample 1 is outside [0, 5)");
        assertThatThrownBy(() -> PassChecks.fits(net, new Batch(IMAGES, new long[] {-1, 0})))
                .hasMessage("label -1 of sample 0 is outside [0, 5)");
    }

    @Test
    void withoutALinearHeadOnlyNegativeLabelsAreKnownToBeWrong() {
        Network net = network(new Layer.Linear("fc", 3, 5, true), new Layer.Relu());
        assertThatCode(() -> PassChecks.fits(net, new Batch(IMAGES, new long[] {0, 7}))).doesNotThrowAnyException();
        assertThatThrownBy(() -> PassChecks.fits(net, new Batch(IMAGES, new long[] {0, -2})))
                .hasMessage("label -2 of sample 1 is outside [0, classes)");
    }

    @Test
    void passArgumentsAreOnePerParameter() {
        Batch batch = new Batch(IMAGES, new long[] {0, 1});
        assertThatCode(() -> PassChecks.lookAhead(2, batch, new double[2], new boolean[2])).doesNotThrowAnyException();
        assertThatThrownBy(() -> PassChecks.gradients(2, batch, new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 2 trainable flags (one per parameter), got 3");
        assertThatThrownBy(() -> PassChecks.lookAhead(2, batch, new double[1], new boolean[2]))
                .hasMessage("expected 2 coefficients (one per parameter), got 1");
        assertThatThrownBy(() -> PassChecks.gradients(2, null, new boolean[2]))
                .isInstanceOf(NullPointerException.class).hasMessage("batch");
    }
}
