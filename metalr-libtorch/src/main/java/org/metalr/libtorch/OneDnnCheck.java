package org.metalr.libtorch;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.pytorch.global.torch;
import org.metalr.api.net.ConvSignature;

/**
 * Decides, network by network, whether LibTorch computes the process's CPU convolutions with oneDNN
 * (MKL-DNN) or with its native kernels.
 *
 * <p>On some CPUs the oneDNN 3.7.1 inside LibTorch 2.7.1 computes float32 convolutions wrongly when a
 * channel count is not a multiple of its block size (16 with AVX-512): seen on an AMD EPYC (Zen 5), the
 * input gradient of a 3x3 convolution whose output channels are not a multiple of 16, and the output of
 * one with 24 or 40 input channels, were off by the size of the values themselves, or NaN, while the
 * native kernels were right. Nothing reports the error, and oneDNN is 5-25x faster on a 3D U-Net, so
 * under policy {@code auto} each float32 network's own convolution signatures are checked
 * ({@link ConvolutionProbe}, cached per signature) as it opens, and oneDNN is on only while every
 * signature of every float32 network opened in the process has passed. The setting is process-wide
 * and models coexist, so once a signature fails, or a model whose convolutions are unknown (a user's
 * own module) opens in float32, oneDNN stays off for the process: slower, never wrong. Before the first
 * network opens it is off, so nothing unchecked runs with it. Float64 computations never use oneDNN
 * and are not checked; neither are CUDA models (cuDNN's business).
 *
 * <p>The check covers the signatures at the thread count of the moment it runs; oneDNN may choose other
 * kernels for other thread counts or much larger inputs, which the probe sizes cannot cover. Thread-safe.
 */
final class OneDnnCheck {

    private final String policy;
    private final boolean available;
    private final Map<ConvSignature, Optional<String>> verdicts = new HashMap<>();
    private final Set<ConvSignature> admitted = new LinkedHashSet<>();
    private int networks;
    private String status;
    private boolean offForGood;

    /**
     * Applies {@code policy} ({@code auto}, {@code on} or {@code off}) to the loaded LibTorch: {@code on}
     * enables oneDNN unchecked, {@code off} and {@code auto} disable it (until a network checks out).
     *
     * @throws IllegalArgumentException naming {@value SharedLibTorch#ONEDNN_PROPERTY} for another policy
     */
    OneDnnCheck(String policy) {
        if (!policy.equals("auto") && !policy.equals("on") && !policy.equals("off")) {
            throw new IllegalArgumentException(SharedLibTorch.ONEDNN_PROPERTY + " must be auto, on or off, got '"
                    + policy + "'");
        }
        this.policy = policy;
        this.available = torch.hasMKLDNN();
        if (!available) {
            status = "native: no oneDNN in this LibTorch";
        } else if (policy.equals("on")) {
            status = "oneDNN: unchecked (" + SharedLibTorch.ONEDNN_PROPERTY + "=on)";
        } else if (policy.equals("off")) {
            status = "native: " + SharedLibTorch.ONEDNN_PROPERTY + "=off";
        } else {
            status = "native: no float32 network opened yet (oneDNN is decided per network)";
        }
        if (available) {
            setEnabled(policy.equals("on"));
        }
    }

    /** What the process computes CPU convolutions with and why, for reports: {@code "oneDNN: ..."} or {@code "native: ..."}. */
    synchronized String status() {
        return status;
    }

    /** Whether oneDNN is on now. */
    synchronized boolean enabled() {
        return available && torch.globalContext().userEnabledMkldnn();
    }

    /**
     * A float32 CPU network with these convolutions is about to open: checks every signature not checked
     * before (policy {@code auto} only), then turns oneDNN on if all passed and nothing has turned it off
     * for good, or off for good naming the first failure.
     */
    synchronized void opening(List<ConvSignature> convolutions) {
        if (!deciding()) {
            return;
        }
        for (ConvSignature signature : convolutions) {
            Optional<String> wrong = verdict(signature);
            if (wrong.isPresent()) {
                refuse("oneDNN wrong for " + signature + " (" + wrong.get() + ") on this CPU");
                System.getLogger(SharedLibTorch.class.getName()).log(System.Logger.Level.WARNING,
                        "oneDNN computes a wrong " + wrong.get() + " for " + signature + " in float32 on this CPU;"
                                + " using LibTorch's native convolutions for the rest of the process (slower; -D"
                                + SharedLibTorch.ONEDNN_PROPERTY + "=on overrides)");
                return;
            }
        }
        admitted.addAll(convolutions);
        networks++;
        status = "oneDNN: checked for " + (networks == 1 ? "this network's " : "the " + networks
                + " float32 networks' ") + admitted.size() + " convolution shape" + (admitted.size() == 1 ? "" : "s");
        setEnabled(true);
    }

    /** A float32 CPU model whose convolutions are unknown (a user's own module) is about to open: oneDNN off for good. */
    synchronized void openingUnknown() {
        if (deciding()) {
            refuse("a float32 model of the user's own, whose convolutions cannot be checked, was opened");
        }
    }

    /**
     * Whether float32 with oneDNN agrees with float64 on {@code signature}: empty if so, else the first
     * quantity that differs. Probed once per signature with oneDNN on, then cached.
     */
    synchronized Optional<String> verdict(ConvSignature signature) {
        Optional<String> known = verdicts.get(signature);
        if (known != null) {
            return known;
        }
        boolean was = torch.globalContext().userEnabledMkldnn();
        setEnabled(true);
        try {
            Optional<String> wrong = ConvolutionProbe.firstDisagreement(signature);
            verdicts.put(signature, wrong);
            return wrong;
        } finally {
            setEnabled(was);
        }
    }

    private boolean deciding() {
        return available && policy.equals("auto") && !offForGood;
    }

    private void refuse(String why) {
        offForGood = true;
        status = "native: " + why;
        setEnabled(false);
    }

    private static void setEnabled(boolean on) {
        torch.globalContext().setUserEnabledMkldnn(on);
    }
}
