package org.metalr.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;

class NetworkTest {

    /** A two-level 3D U: encoder conv, (pool, conv, up-conv) concatenated with the skip, decoder conv, sigmoid. */
    private static final Layer U = Layer.Sequential.of(
            new Layer.Conv("enc", 3, 1, 4, 3, 1, 1, true),
            Layer.Concat.of(
                    Layer.Sequential.of(new Layer.MaxPool(3, 2, 2, 0), new Layer.Conv("mid", 3, 4, 8, 3, 1, 1, true),
                            new Layer.ConvTranspose("up", 3, 8, 6, 2, 2, true)),
                    Layer.Sequential.of()),
            new Layer.Conv("dec", 3, 10, 2, 1, 1, 0, false),
            new Layer.Sigmoid());

    private static Network network(Layer body, Network.Loss loss) {
        return new Network("test", body, loss, List.of(ParamGroup.of("all", "enc", "mid", "up", "dec", "fc")));
    }

    @Test
    void transposedConvolutionOwnsAWeightInPyTorchsLayoutAndABias() {
        assertThat(Network.parametersOf(new Layer.ConvTranspose("up", 3, 8, 6, 2, 2, true))).containsExactly(
                new TensorInfo("up.weight", new long[] {8, 6, 2, 2, 2}), new TensorInfo("up.bias", new long[] {6}));
        assertThat(Network.parametersOf(new Layer.ConvTranspose("up", 2, 8, 6, 3, 3, false))).containsExactly(
                new TensorInfo("up.weight", new long[] {8, 6, 3, 3}));
        assertThatThrownBy(() -> new Layer.ConvTranspose("up", 3, 8, 6, 4, 2, true))
                .hasMessageContaining("transposed convolution 'up': the stride must equal the kernel")
                .hasMessageContaining("kernel 4, stride 2");
    }

    @Test
    void concatenationBranchesAreWalkedInOrder() {
        Network net = network(U, Network.Loss.DICE);
        assertThat(net.parameters().stream().map(TensorInfo::name)).containsExactly(
                "enc.weight", "enc.bias", "mid.weight", "mid.bias", "up.weight", "up.bias", "dec.weight");
        assertThat(net.leaves()).hasSize(6);
        assertThatThrownBy(() -> Layer.Concat.of(Layer.Sequential.of()))
                .hasMessageContaining("at least two branches, got 1");
    }

    @Test
    void batchNormKeepsItsOldConstructorsAndTakesTheEvaluationOption() {
        Layer.BatchNorm plain = new Layer.BatchNorm("bn", 3, 4);
        assertThat(plain.batchStatisticsInEval()).isFalse();
        assertThat(plain.eps()).isEqualTo(1e-5);
        assertThat(plain.momentum()).isEqualTo(0.1);
        assertThat(new Layer.BatchNorm("bn", 2, 4, 1e-3, 0.01).batchStatisticsInEval()).isFalse();
        Layer.BatchNorm genesis = plain.withBatchStatisticsInEval(true);
        assertThat(genesis).isEqualTo(new Layer.BatchNorm("bn", 3, 4, 1e-5, 0.1, true));
        assertThat(Network.buffersOf(genesis)).hasSize(3);
    }

    @Test
    void outputShapeFollowsEveryLayer() {
        Network u = network(U, Network.Loss.DICE);
        assertThat(u.outputShape(new long[] {2, 1, 8, 6, 4})).containsExactly(2, 2, 8, 6, 4);
        Layer classifier = Layer.Sequential.of(
                new Layer.Conv("enc", 2, 3, 4, 7, 2, 3, false),
                new Layer.MaxPool(2, 3, 2, 1),
                new Layer.Residual(new Layer.Conv("mid", 2, 4, 4, 3, 1, 1, false), null),
                new Layer.GlobalAvgPool(),
                new Layer.Linear("fc", 4, 5, true));
        assertThat(network(classifier, Network.Loss.CROSS_ENTROPY).outputShape(new long[] {3, 3, 33, 17}))
                .containsExactly(3, 5);
    }

    @Test
    void outputShapeNamesTheLayerAnInputDoesNotFit() {
        Network u = network(U, Network.Loss.DICE);
        assertThatThrownBy(() -> u.outputShape(new long[] {2, 3, 8, 8, 8}))
                .hasMessageContaining("convolution 'enc' expects 1 input channels, got input [2, 3, 8, 8, 8]");
        assertThatThrownBy(() -> u.outputShape(new long[] {2, 1, 8, 8}))
                .hasMessageContaining("convolution 'enc' expects 5-dimensional input [N, C, spatial, spatial, spatial]");
        assertThatThrownBy(() -> u.outputShape(new long[] {2, 1, 7, 8, 8}))
                .hasMessageContaining("concatenation branch 1 gives [2, 4, 7, 8, 8] but branch 0 gives [2, 6, 6, 8, 8]");
        Layer strided = new Layer.Residual(new Layer.Conv("enc", 2, 1, 1, 3, 2, 1, false), null);
        assertThatThrownBy(() -> network(strided, Network.Loss.CROSS_ENTROPY).outputShape(new long[] {1, 1, 4, 4}))
                .hasMessageContaining("residual block: the body gives [1, 1, 2, 2] but the shortcut gives [1, 1, 4, 4]");
        Layer big = new Layer.Conv("enc", 2, 1, 1, 5, 1, 0, false);
        assertThatThrownBy(() -> network(big, Network.Loss.CROSS_ENTROPY).outputShape(new long[] {1, 1, 4, 4}))
                .hasMessageContaining("spatial size 4 (padded by 0) is smaller than the kernel 5");
    }

    @Test
    void theLossDecidesWhichBatchesFit() {
        Network u = network(U, Network.Loss.DICE);
        HostTensor x = HostTensor.of(new float[2 * 8 * 6 * 4], 2, 1, 8, 6, 4);
        u.requireFits(Batch.segmentation(x, HostTensor.of(new float[2 * 2 * 8 * 6 * 4], 2, 2, 8, 6, 4)));
        assertThatThrownBy(() -> u.requireFits(Batch.segmentation(x, HostTensor.of(new float[2 * 8 * 6 * 4], 2, 1, 8, 6, 4))))
                .hasMessageContaining("masks of shape [2, 1, 8, 6, 4] do not match the output [2, 2, 8, 6, 4] of network 'test'");
        assertThatThrownBy(() -> u.requireFits(new Batch(x, new long[] {0, 1})))
                .hasMessageContaining("segmentation loss DICE on masks, but the batch holds class labels");
        Network c = network(Layer.Sequential.of(new Layer.GlobalAvgPool(), new Layer.Linear("fc", 1, 2, true)),
                Network.Loss.CROSS_ENTROPY);
        c.requireFits(new Batch(x, new long[] {0, 1}));
        assertThatThrownBy(() -> c.requireFits(Batch.segmentation(x, x)))
                .hasMessageContaining("trains with CROSS_ENTROPY on class labels, but the batch holds segmentation masks");
        assertThat(Network.Loss.DICE.segmentation()).isTrue();
        assertThat(Network.Loss.CROSS_ENTROPY.segmentation()).isFalse();
    }
}
