package org.metalr.models.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What loading a checkpoint into a model did, for logs before training starts.
 *
 * @param source               the checkpoint file (or other source)
 * @param loaded               model tensors given checkpoint values, in model order
 * @param renamed              for loaded tensors stored under another key: model name to checkpoint key
 * @param leftAtInitialisation model tensors absent from the checkpoint but allowed to be, in model order
 * @param ignored              checkpoint keys dropped by a rule, in checkpoint order
 */
public record LoadReport(String source, List<String> loaded, Map<String, String> renamed,
                         List<String> leftAtInitialisation, List<String> ignored) {

    /** Names listed in the summary per category; the rest are counted. */
    private static final int LISTED = 8;

    public LoadReport {
        loaded = List.copyOf(loaded);
        renamed = Collections.unmodifiableMap(new LinkedHashMap<>(renamed));
        leftAtInitialisation = List.copyOf(leftAtInitialisation);
        ignored = List.copyOf(ignored);
    }

    /**
     * One line, such as {@code "resnet18.pth: loaded 60 of 62 model tensors (0 renamed); left at
     * initialisation: fc.weight, fc.bias; ignored from the checkpoint: fc.weight, fc.bias"}.
     */
    public String summary() {
        int total = loaded.size() + leftAtInitialisation.size();
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": loaded ").append(loaded.size()).append(" of ").append(total)
                .append(" model tensors (").append(renamed.size()).append(" renamed");
        if (!renamed.isEmpty()) {
            Map.Entry<String, String> first = renamed.entrySet().iterator().next();
            sb.append(", e.g. ").append(first.getValue()).append(" -> ").append(first.getKey());
        }
        sb.append(')');
        sb.append("; left at initialisation: ").append(list(leftAtInitialisation));
        sb.append("; ignored from the checkpoint: ").append(list(ignored));
        return sb.toString();
    }

    private static String list(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        List<String> shown = new ArrayList<>(names.subList(0, Math.min(LISTED, names.size())));
        if (names.size() > LISTED) {
            shown.add("... (" + (names.size() - LISTED) + " more)");
        }
        return String.join(", ", shown);
    }

    @Override
    public String toString() {
        return summary();
    }
}
