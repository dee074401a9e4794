package org.metalr.libtorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.net.ConvSignature;
import org.metalr.models.ResNet18;
import org.metalr.models.UNet3D;

class OneDnnCheckTest {

    /**
     * Signatures around oneDNN's channel blocks: on the AMD EPYC (Zen 5) this project is tested on, the
     * first five give a wrong input gradient or output in float32, the others are right; elsewhere
     * either may hold, so the tests compare the check with a direct computation instead.
     */
    private static final List<ConvSignature> SIGNATURES = List.of(
            conv(2, 24, 8, 3, 1, true), conv(2, 8, 24, 3, 1, true), conv(2, 40, 16, 3, 1, true),
            conv(3, 24, 8, 3, 1, true), conv(2, 16, 3, 7, 1, true),
            conv(2, 16, 16, 3, 1, true), conv(2, 32, 32, 3, 2, true), conv(2, 16, 32, 1, 2, true),
            conv(3, 16, 32, 3, 1, true), conv(3, 1, 8, 3, 1, false), conv(2, 3, 16, 7, 2, false));

    @AfterEach
    void restoreTheProcessDecision() {
        // a test's own check sets the process-wide flag; hand it back to the process's decision
        OneDnnCheck process = SharedLibTorch.oneDnnCheck();
        torch.globalContext().setUserEnabledMkldnn(process.status().startsWith("oneDNN"));
    }

    @Test
    void eachVerdictIsWhatADirectFloat32AgainstFloat64ComparisonFinds() {
        SharedLibTorch.load();
        assumeTrue(torch.hasMKLDNN(), "this LibTorch has no oneDNN");
        OneDnnCheck check = new OneDnnCheck("auto");
        List<String> rejected = new ArrayList<>();
        for (ConvSignature s : SIGNATURES) {
            Optional<String> verdict = check.verdict(s);
            verdict.ifPresent(what -> rejected.add(s + " (" + what + ")"));
            torch.globalContext().setUserEnabledMkldnn(true);
            boolean agrees = directlyAgree(s);
            assertThat(verdict.isEmpty()).as("%s: the check says %s", s, verdict.orElse("right")).isEqualTo(agrees);
            assertThat(check.verdict(s)).as("cached").isEqualTo(verdict);
        }
        System.out.println("oneDNN on this CPU: wrong for " + rejected);
    }

    @Test
    void aRejectedSignatureTurnsOneDnnOffForTheRestOfTheProcess() {
        SharedLibTorch.load();
        assumeTrue(torch.hasMKLDNN(), "this LibTorch has no oneDNN");
        OneDnnCheck check = new OneDnnCheck("auto");
        assertThat(check.enabled()).as("off before any network opens").isFalse();
        assertThat(check.status()).startsWith("native: no float32 network opened yet");
        Optional<ConvSignature> bad = SIGNATURES.stream().filter(s -> check.verdict(s).isPresent()).findFirst();
        Optional<ConvSignature> good = SIGNATURES.stream().filter(s -> check.verdict(s).isEmpty()).findFirst();
        assumeTrue(bad.isPresent() && good.isPresent(), "oneDNN passes or fails every probed signature on this CPU");

        check.opening(List.of(good.get()));
        assertThat(check.enabled()).isTrue();
        assertThat(check.status()).isEqualTo("oneDNN: checked for this network's 1 convolution shape");
        check.opening(List.of(good.get(), bad.get()));
        assertThat(check.enabled()).isFalse();
        assertThat(check.status()).isEqualTo("native: oneDNN wrong for " + bad.get() + " ("
                + check.verdict(bad.get()).orElseThrow() + ") on this CPU");
        check.opening(List.of(good.get()));
        assertThat(check.enabled()).as("stays off after a passing network").isFalse();
        assertThat(check.status()).contains(bad.get().toString());
    }

    @Test
    void aModelOfTheUsersOwnTurnsOneDnnOff() {
        SharedLibTorch.load();
        assumeTrue(torch.hasMKLDNN(), "this LibTorch has no oneDNN");
        OneDnnCheck check = new OneDnnCheck("auto");
        ConvSignature good = conv(2, 16, 16, 3, 1, true);
        assumeTrue(check.verdict(good).isEmpty(), "oneDNN is wrong for " + good + " on this CPU");
        check.opening(List.of(good));
        assertThat(check.enabled()).isTrue();
        check.openingUnknown();
        assertThat(check.enabled()).isFalse();
        assertThat(check.status()).startsWith("native: a float32 model of the user's own");
        check.opening(List.of(good));
        assertThat(check.enabled()).isFalse();
    }

    @Test
    void forcedPoliciesAreNotChecked() {
        SharedLibTorch.load();
        assumeTrue(torch.hasMKLDNN(), "this LibTorch has no oneDNN");
        OneDnnCheck on = new OneDnnCheck("on");
        assertThat(on.enabled()).isTrue();
        on.openingUnknown();
        assertThat(on.enabled()).isTrue();
        assertThat(on.status()).isEqualTo("oneDNN: unchecked (metalr.onednn=on)");
        OneDnnCheck off = new OneDnnCheck("off");
        off.opening(List.of(conv(2, 16, 16, 3, 1, true)));
        assertThat(off.enabled()).isFalse();
        assertThat(off.status()).isEqualTo("native: metalr.onednn=off");
    }

    @Test
    void float64AndCudaModelsLeaveTheDecisionAlone() {
        String before = SharedLibTorch.convolutions();
        SharedLibTorch.opening(UNet3D.network(1, 8), DType.FLOAT64, Device.CPU);
        SharedLibTorch.openingUnknown(DType.FLOAT64, Device.CPU);
        SharedLibTorch.opening(UNet3D.network(1, 8), DType.FLOAT32, Device.cuda(0));
        assertThat(SharedLibTorch.convolutions()).isEqualTo(before);
    }

    @Test
    void aNetworksSignaturesNeedNoInputGradientWhereTheyReadTheInput() {
        List<ConvSignature> unet = ConvSignature.of(UNet3D.network(1, 8));
        assertThat(unet.get(0)).isEqualTo(new ConvSignature(3, 1, 8, 3, 1, 1, 1, 1, true, false));
        assertThat(unet.subList(1, unet.size())).allMatch(ConvSignature::inputGradient).doesNotHaveDuplicates();
        assertThat(unet).contains(new ConvSignature(3, 192, 64, 3, 1, 1, 1, 1, true, true),
                new ConvSignature(3, 16, 1, 1, 1, 0, 1, 1, true, true));
        List<ConvSignature> resnet = ConvSignature.of(ResNet18.network(3, 3, 16));
        assertThat(resnet.get(0)).isEqualTo(new ConvSignature(2, 3, 16, 7, 2, 3, 1, 1, false, false));
        assertThat(resnet.subList(1, resnet.size())).allMatch(ConvSignature::inputGradient);
        assertThat(resnet.get(0)).hasToString("conv2d 3->16 7x7 stride 2");
    }

    private static ConvSignature conv(int dims, int in, int out, int kernel, int stride, boolean inputGradient) {
        return new ConvSignature(dims, in, out, kernel, stride, kernel / 2, 1, 1, false, inputGradient);
    }

    /**
     * Float32 under the current setting against float64 for {@code s} on a batch of 4 with other odd
     * sides than the check's: output, weight gradient and, where needed, input gradient, to 1e-3 of the
     * largest magnitude.
     */
    @SuppressWarnings("try")
    private static boolean directlyAgree(ConvSignature s) {
        long[] shape = s.dims() == 2 ? new long[] {4, s.in(), 11, 13} : new long[] {4, s.in(), 9, 7, 5};
        try (PointerScope scope = new PointerScope(); AutoGradMode grad = new AutoGradMode(true)) {
            torch.manual_seed(7);
            Tensor x = torch.rand(shape, new TensorOptions(ScalarType.Double)).sub(torch.scalar_tensor(new Scalar(0.5)));
            long[] wShape = new long[2 + s.dims()];
            java.util.Arrays.fill(wShape, s.kernel());
            wShape[0] = s.out();
            wShape[1] = s.in();
            Tensor w = torch.rand(wShape, new TensorOptions(ScalarType.Double)).sub(torch.scalar_tensor(new Scalar(0.5)));
            Tensor[] f32 = passOf(s, x.to(ScalarType.Float), w.to(ScalarType.Float));
            Tensor[] f64 = passOf(s, x, w);
            for (int i = 0; i < f32.length; i++) {
                if (f32[i] == null) {
                    continue;
                }
                double scale = torch.max(torch.abs(f64[i])).item_double();
                double error = torch.max(torch.abs(f32[i].to(ScalarType.Double).sub(f64[i]))).item_double();
                if (!(error <= 1e-3 * (1 + scale))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Tensor[] passOf(ConvSignature s, Tensor x, Tensor w) {
        Tensor input = x.detach().set_requires_grad(s.inputGradient());
        Tensor weight = w.detach().set_requires_grad(true);
        long[] stride = new long[s.dims()];
        long[] padding = new long[s.dims()];
        long[] dilation = new long[s.dims()];
        java.util.Arrays.fill(stride, s.stride());
        java.util.Arrays.fill(padding, s.padding());
        java.util.Arrays.fill(dilation, 1);
        Tensor y = s.dims() == 2
                ? torch.conv2d(input, weight, new TensorOptional(), stride, padding, dilation, 1)
                : torch.conv3d(input, weight, new TensorOptional(), stride, padding, dilation, 1);
        // a fixed, non-uniform upstream gradient: cos of the flat index
        Tensor upstream = torch.cos(torch.arange(new Scalar(y.numel()))).to(y.scalar_type()).reshape(y.sizes().vec().get());
        torch.sum(y.mul(upstream)).backward();
        return new Tensor[] {y.detach(), s.inputGradient() ? input.grad() : null, weight.grad()};
    }
}
