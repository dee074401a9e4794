package org.metalr.train.method;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.metalr.api.DepthOrder;
import org.metalr.api.ParamGroup;
import org.metalr.api.registry.Named;

/**
 * A kind of fine-tuning method as the registry lists it: its name (the spelling up to the first
 * {@code :}), the spellings it reads, where it stands in listings, how it reads a spelling into a
 * {@link Method}, and which settings of it a comparison runs by default. Found by
 * {@link Methods#registry()}: a new method is one class (its {@link Method}, with this kind nested in
 * it) plus one line naming the kind in {@code META-INF/services/org.metalr.train.method.MethodKind}.
 *
 * <p>Implementations have a public no-argument constructor, hold no state and are thread-safe. Help
 * texts, the "expected one of" lists of parse errors and the comparison's default methods are made
 * from the kinds, so they list a new method without any edit elsewhere.
 */
public interface MethodKind extends Named {

    /** The spellings this kind reads, as help and errors show them: {@code bidir:M-N}, {@code metalr}. */
    List<String> forms();

    /**
     * Where the kind stands in help, error lists and the comparison's default order (ascending; ties by
     * name): the paper's order, the baselines from the most frozen to the least (last 10, all 20,
     * layerwise 30, bidir 40), the rate-setting baselines (autolr 50, mina 60, llrd 70), MetaLR 80. A new
     * method picks a number where it belongs.
     */
    int order();

    /**
     * Reads a spelling.
     *
     * @param spec the whole spelling, without surrounding spaces, whose name (up to the first {@code :},
     *             or all of it) is this kind's
     * @throws InvalidConfigException naming {@code method} for a malformed spelling ({@link Methods#malformed})
     *     or an argument out of range
     */
    Method parse(String spec);

    /**
     * The spellings of this kind that a comparison runs when the user names no methods, for a model with
     * {@code groups} (depth order) and {@code readings}; none by default. The paper's comparison: for a
     * classifier of d groups {@code last, all, layerwise:K, bidir:2-N, autolr, llrd:0.8, metalr}; for a
     * segmentation network {@code all}, {@code mina} at half of each reading's depth, {@code metalr}.
     *
     * @param segmentation whether the model segments (masks, Dice) rather than classifies
     */
    default List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings, boolean segmentation) {
        return List.of();
    }

    /**
     * A kind's fixed facts given once: name, order, summary and forms. A subclass adds its public
     * no-argument constructor, {@link #parse} and, if the comparison runs it, {@link #comparisonDefaults}.
     */
    abstract class Base implements MethodKind {
        private final String name;
        private final int order;
        private final String summary;
        private final List<String> forms;

        /**
         * @param name    the spelling's name
         * @param order   see {@link MethodKind#order()}
         * @param summary one line for help texts
         * @param forms   the spellings read, for help and errors
         */
        protected Base(String name, int order, String summary, String... forms) {
            this.name = Objects.requireNonNull(name, "name");
            this.order = order;
            this.summary = Objects.requireNonNull(summary, "summary");
            this.forms = List.of(forms);
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public final int order() {
            return order;
        }

        @Override
        public final String summary() {
            return summary;
        }

        @Override
        public final List<String> forms() {
            return forms;
        }

        /**
         * For a method without arguments: {@code method} when {@code spec} is the bare name.
         *
         * @throws InvalidConfigException naming {@code method} for anything after the name
         */
        protected final Method bare(String spec, Supplier<Method> method) {
            if (!spec.equals(name)) {
                throw Methods.malformed(spec);
            }
            return method.get();
        }
    }
}
