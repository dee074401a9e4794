package org.metalr.api.net;

import java.util.Arrays;

/**
 * How both backends compute a {@link Layer.ConvTranspose} (stride = kernel = k, no padding, weight
 * {@code [C, O, k...]}): every input position i contributes {@code sum_c x[n, c, i] W[c, o, a]} to output
 * position {@code k*i + a} and to no other, so the output is one product {@code [N*P, C] x [C, O*k^d]}
 * (P input positions) with each row's {@code O x k^d} block moved to its place. The backends issue
 * the same operations with these shapes and axis orders, so they round alike:
 * <pre>
 * rows = x.permute(channelsLast).reshape(rows)           [N, C, D1..Dd] -> [N, D1..Dd, C] -> [N*P, C]
 * y    = rows.matmul(weight.reshape(weightMatrix))
 *           .reshape(split)                               [N, D1..Dd, O, k1..kd]
 *           .permute(interleave)                          [N, O, D1, k1, ..., Dd, kd]
 *           .reshape(output)                              [N, O, D1*k, ..., Dd*k]
 * y    = y + bias.reshape(biasShape)                      when the layer has a bias
 * </pre>
 *
 * @param channelsLast the axis order that moves channels last
 * @param rows         {@code [N*P, C]}
 * @param weightMatrix {@code [C, O*k^d]}
 * @param split        {@code [N, D1..Dd, O, k..k]}
 * @param interleave   the axis order that puts each kernel offset after its input position
 * @param output       the output shape
 * @param biasShape    {@code [O, 1..1]}, broadcasting the bias over the spatial axes
 */
public record ConvTransposePlan(int[] channelsLast, long[] rows, long[] weightMatrix, long[] split, int[] interleave,
        long[] output, long[] biasShape) {

    /**
     * The plan for {@code layer} on an input of shape {@code input} ({@code [N, C, D1..Dd]}).
     *
     * @throws IllegalArgumentException if {@code input} does not have the layer's rank and channel count
     */
    public static ConvTransposePlan of(Layer.ConvTranspose layer, long[] input) {
        int d = layer.dims();
        if (input.length != d + 2 || input[1] != layer.in()) {
            throw new IllegalArgumentException("transposed convolution '" + layer.name() + "' needs input [N, "
                    + layer.in() + ", " + d + " spatial sizes], got " + Arrays.toString(input));
        }
        long k = layer.kernel();
        long n = input[0];
        long positions = 1;
        long blockSize = 1;
        for (int i = 0; i < d; i++) {
            positions *= input[2 + i];
            blockSize *= k;
        }
        int[] channelsLast = new int[d + 2];
        for (int i = 0; i < d; i++) {
            channelsLast[1 + i] = 2 + i;
        }
        channelsLast[d + 1] = 1;
        long[] split = new long[2 + 2 * d];
        split[0] = n;
        for (int i = 0; i < d; i++) {
            split[1 + i] = input[2 + i];
            split[2 + d + i] = k;
        }
        split[1 + d] = layer.out();
        int[] interleave = new int[2 + 2 * d];
        interleave[1] = 1 + d;
        for (int i = 0; i < d; i++) {
            interleave[2 + 2 * i] = 1 + i;
            interleave[3 + 2 * i] = 2 + d + i;
        }
        long[] output = new long[2 + d];
        output[0] = n;
        output[1] = layer.out();
        for (int i = 0; i < d; i++) {
            output[2 + i] = input[2 + i] * k;
        }
        long[] biasShape = new long[1 + d];
        Arrays.fill(biasShape, 1);
        biasShape[0] = layer.out();
        return new ConvTransposePlan(channelsLast, new long[] {n * positions, layer.in()},
                new long[] {layer.in(), layer.out() * blockSize}, split, interleave, output, biasShape);
    }
}
