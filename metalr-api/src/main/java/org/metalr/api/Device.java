package org.metalr.api;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a model's tensors live and its arithmetic runs: the CPU or one CUDA GPU, by index. A value
 * with PyTorch's spelling ({@code cpu}, {@code cuda:0}). Naming a device checks nothing and loads
 * nothing; a backend's {@link Backend#create(org.metalr.api.net.Network, java.util.Map, DType, Device)
 * create} checks that the device exists before it makes any tensor.
 */
public final class Device {

    /** The host's processors. */
    public static final Device CPU = new Device(-1);

    private static final String CUDA = "cuda";

    /** CUDA index, or -1 for the CPU. */
    private final int index;

    private Device(int index) {
        this.index = index;
    }

    /**
     * The CUDA GPU numbered {@code index} among those the process sees.
     *
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public static Device cuda(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("CUDA device index must be >= 0, got " + index);
        }
        return new Device(index);
    }

    /**
     * Reads {@code cpu}, {@code cuda} (meaning {@code cuda:0}) or {@code cuda:N}, ignoring case and
     * surrounding blanks.
     *
     * @throws IllegalArgumentException naming the text when it is none of these
     */
    public static Device parse(String text) {
        Objects.requireNonNull(text, "device");
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return CPU;
        }
        if (s.equals(CUDA)) {
            return cuda(0);
        }
        if (s.startsWith(CUDA + ":")) {
            String digits = s.substring(CUDA.length() + 1);
            if (!digits.isEmpty() && digits.length() <= 9 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return cuda(Integer.parseInt(digits));
            }
            throw new IllegalArgumentException("unknown device '" + text + "': the index after 'cuda:' must be a"
                    + " whole number >= 0 (for example cuda:0)");
        }
        throw new IllegalArgumentException("unknown device '" + text + "': expected cpu, cuda or cuda:N");
    }

    /** Whether this is a CUDA GPU. */
    public boolean isCuda() {
        return index >= 0;
    }

    /**
     * The CUDA index.
     *
     * @throws IllegalStateException for the CPU, which has none
     */
    public int index() {
        if (!isCuda()) {
            throw new IllegalStateException("the CPU has no device index");
        }
        return index;
    }

    /**
     * Checks that a LibTorch with the given facts can place tensors here; the CPU always can. Backends
     * call it with what the loaded LibTorch reports.
     *
     * @param cudaBuild          whether the loaded LibTorch was built with CUDA
     * @param visibleCudaDevices how many CUDA devices it sees
     * @throws IllegalArgumentException naming this device and what is missing
     */
    public void requireAvailable(boolean cudaBuild, int visibleCudaDevices) {
        if (!isCuda()) {
            return;
        }
        if (!cudaBuild) {
            throw new IllegalArgumentException("device " + this + " requested, but this LibTorch build has no CUDA"
                    + " support (build with -Pcuda on a machine with an NVIDIA GPU)");
        }
        if (visibleCudaDevices <= 0) {
            throw new IllegalArgumentException("device " + this + " requested, but no CUDA device is visible"
                    + " (check the NVIDIA driver and CUDA_VISIBLE_DEVICES)");
        }
        if (index >= visibleCudaDevices) {
            throw new IllegalArgumentException("device " + this + " requested, but only " + visibleCudaDevices
                    + (visibleCudaDevices == 1 ? " CUDA device is" : " CUDA devices are") + " visible (cuda:0"
                    + (visibleCudaDevices == 1 ? "" : " to cuda:" + (visibleCudaDevices - 1)) + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && d.index == index;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(index);
    }

    /** {@code cpu} or {@code cuda:N}: what {@link #parse} reads back and what LibTorch accepts. */
    @Override
    public String toString() {
        return isCuda() ? CUDA + ":" + index : "cpu";
    }
}
