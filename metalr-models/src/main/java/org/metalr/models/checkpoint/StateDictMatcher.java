package org.metalr.models.checkpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;

/**
 * Matches checkpoint tensors to a model's expected tensors through a {@link KeyMapping}, producing
 * the tensors to load and a {@link LoadReport}, or failing with every problem at once.
 *
 * <p>The mapping's rules rename and filter the checkpoint keys in order; then each model tensor must
 * find exactly one checkpoint tensor of its name and shape, except those the mapping allows to be
 * missing (left at initialisation), and every remaining checkpoint tensor must have been dropped by a
 * rule (ignored). Anything else is an error: a missing tensor, an unexpected one, a shape mismatch
 * (naming the model name, the checkpoint key when it differs, and both shapes), two checkpoint keys
 * mapped onto one name, or a by-order rule whose two sides differ in length.
 */
public final class StateDictMatcher {

    private StateDictMatcher() {}

    /** A checkpoint tensor on its way through the rules. */
    private static final class Item {
        final String key;
        final HostTensor tensor;
        String name;

        Item(String key, HostTensor tensor) {
            this.key = key;
            this.tensor = tensor;
            this.name = key;
        }

        String origin() {
            return name.equals(key) ? "" : " (checkpoint key " + key + ")";
        }
    }

    /**
     * @param source     names the checkpoint in messages and in the report
     * @param checkpoint checkpoint key to tensor, in checkpoint order (which by-order rules use)
     * @param expected   the model's tensors, in model order; names must be distinct
     * @throws StateDictMismatchException listing every problem, if the checkpoint does not fit
     * @throws IllegalArgumentException   if {@code expected} names a tensor twice, or a rename's
     *                                    replacement refers to a group its pattern lacks
     */
    public static LoadedWeights match(String source, Map<String, HostTensor> checkpoint, List<TensorInfo> expected,
                                      KeyMapping mapping) throws StateDictMismatchException {
        Map<String, long[]> model = new LinkedHashMap<>();
        for (TensorInfo t : expected) {
            if (model.put(t.name(), t.shape()) != null) {
                throw new IllegalArgumentException("the model names tensor '" + t.name() + "' twice");
            }
        }
        List<Item> items = new ArrayList<>();
        checkpoint.forEach((k, v) -> items.add(new Item(k, v)));
        List<String> ignored = new ArrayList<>();
        Problems problems = new Problems();

        for (KeyMapping.Rule rule : mapping.rules()) {
            if (rule instanceof KeyMapping.StripPrefix s) {
                for (Item it : items) {
                    if (it.name.startsWith(s.prefix())) {
                        it.name = it.name.substring(s.prefix().length());
                    }
                }
            } else if (rule instanceof KeyMapping.Drop d) {
                for (Iterator<Item> i = items.iterator(); i.hasNext(); ) {
                    Item it = i.next();
                    if (d.pattern().matcher(it.name).find()) {
                        ignored.add(it.key);
                        i.remove();
                    }
                }
            } else if (rule instanceof KeyMapping.Rename r) {
                for (Item it : items) {
                    try {
                        it.name = r.pattern().matcher(it.name).replaceAll(r.replacement());
                    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                        // the user's --rename: a replacement naming a group the pattern does not have
                        throw new org.metalr.api.UserInputException("--rename /" + r.pattern() + "/ to '" + r.replacement() + "': "
                                + e.getMessage(), e);
                    }
                }
            } else if (rule instanceof KeyMapping.MapByOrder m) {
                mapByOrder(m, items, model, source, problems);
            }
        }

        Map<String, Item> byName = new LinkedHashMap<>();
        for (Item it : items) {
            Item previous = byName.putIfAbsent(it.name, it);
            if (previous != null) {
                problems.add(it.name, "duplicate: " + it.name + " is what both checkpoint keys " + previous.key
                        + " and " + it.key + " map to");
            }
        }

        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        Map<String, String> renamed = new LinkedHashMap<>();
        List<String> loaded = new ArrayList<>();
        List<String> leftAtInit = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, long[]> e : model.entrySet()) {
            String name = e.getKey();
            Item it = byName.remove(name);
            if (it == null) {
                if (mapping.isAllowedMissing(name)) {
                    leftAtInit.add(name);
                } else {
                    missing.add(name);
                }
            } else if (!Arrays.equals(e.getValue(), it.tensor.shape())) {
                problems.add(name, "shape mismatch: " + name + it.origin() + ": the model expects "
                        + Arrays.toString(e.getValue()) + ", the checkpoint has " + Arrays.toString(it.tensor.shape()));
            } else {
                tensors.put(name, it.tensor);
                loaded.add(name);
                if (!it.key.equals(name)) {
                    renamed.put(name, it.key);
                }
            }
        }
        Map<String, String> bySuffix = suffixIndex(byName.keySet());
        for (String name : missing) {
            String near = bySuffix.get(name);
            problems.add(name, "missing: " + name + " (the model expects " + Arrays.toString(model.get(name)) + ")"
                    + (near != null ? "; the checkpoint has " + near + " (strip a prefix?)" : ""));
        }
        for (Item it : byName.values()) {
            problems.add(it.name, "unexpected: " + it.name + " " + Arrays.toString(it.tensor.shape()) + it.origin()
                    + " is not in the model (drop it with a rule to ignore it)");
        }
        problems.throwIfAny(source);
        return new LoadedWeights(tensors, new LoadReport(source, loaded, renamed, leftAtInit, ignored));
    }

    private static void mapByOrder(KeyMapping.MapByOrder rule, List<Item> items, Map<String, long[]> model,
                                   String source, Problems problems) throws StateDictMismatchException {
        List<Item> from = new ArrayList<>();
        for (Item it : items) {
            if (rule.source().matcher(it.name).find()) {
                from.add(it);
            }
        }
        List<String> to = new ArrayList<>();
        for (String name : model.keySet()) {
            if (rule.target().matcher(name).find()) {
                to.add(name);
            }
        }
        if (from.size() != to.size()) {
            // Any pairing would be wrong from some point on; stop before a cascade of shape errors.
            problems.add(from.isEmpty() ? null : from.get(0).key, "map by order: " + from.size()
                    + " checkpoint tensors match /" + rule.source() + "/ but " + to.size()
                    + " model tensors match /" + rule.target() + "/");
            problems.throwIfAny(source);
        }
        for (int i = 0; i < from.size(); i++) {
            from.get(i).name = to.get(i);
        }
    }

    /** Maps each proper dot-suffix of the names (conv1.weight for module.conv1.weight) to its name. */
    private static Map<String, String> suffixIndex(Iterable<String> names) {
        Map<String, String> index = new HashMap<>();
        for (String name : names) {
            for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
                index.putIfAbsent(name.substring(dot + 1), name);
            }
        }
        return index;
    }

    /** Collected problems; the first key becomes the exception's key. */
    private static final class Problems {
        private final List<String> lines = new ArrayList<>();
        private String firstKey;

        void add(String key, String line) {
            if (lines.isEmpty()) {
                firstKey = key;
            }
            lines.add(line);
        }

        void throwIfAny(String source) throws StateDictMismatchException {
            if (!lines.isEmpty()) {
                throw new StateDictMismatchException(source, firstKey, lines);
            }
        }
    }
}
