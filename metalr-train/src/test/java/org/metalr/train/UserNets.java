package org.metalr.train;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Networks a user builds with a binding's own API, for the tests of user models. */
public final class UserNets {

    private UserNets() {}

    /**
     * A JavaCPP network: modules registered under torch names, its forward written in Java. Groups by
     * name: {@code stem: conv1 bn1; body: conv2 bn2; head: fc}.
     */
    public static final class CppNet extends Module {
        /** Its groups as {@link org.metalr.api.GroupRules} text. */
        public static final String GROUPS = "stem: conv1 bn1; body: conv2 bn2; head: fc";

        final Conv2dImpl conv1 = register_module("conv1", new Conv2dImpl(conv(3, 4)));
        final BatchNorm2dImpl bn1 = register_module("bn1", new BatchNorm2dImpl(new BatchNormOptions(4)));
        final Conv2dImpl conv2 = register_module("conv2", new Conv2dImpl(conv(4, 4)));
        final BatchNorm2dImpl bn2 = register_module("bn2", new BatchNorm2dImpl(new BatchNormOptions(4)));
        final LinearImpl fc;

        /** For inputs of 3 channels, any size; {@code classes} outputs. */
        public CppNet(int classes) {
            fc = register_module("fc", new LinearImpl(4, classes));
        }

        public Tensor forward(Tensor x) {
            Tensor y = torch.relu(bn1.forward(conv1.forward(x)));
            y = torch.relu(bn2.forward(conv2.forward(y)));
            return fc.forward(torch.adaptive_avg_pool2d(y, 1, 1).flatten(1, -1));
        }

        private static Conv2dOptions conv(long in, long out) {
            Conv2dOptions o = new Conv2dOptions(in, out, new LongPointer(3L, 3L));
            o.padding().put(new LongPointer(1L, 1L));
            return o;
        }
    }
}
