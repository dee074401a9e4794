package org.metalr.models.checkpoint;

import java.util.List;

/**
 * The tensors of a checkpoint, after key mapping, do not fit the model: some are missing, some are
 * unexpected, some have the wrong shape, or a mapping rule could not be applied. Lists every
 * problem, one line each, each naming its key (and the expected and found shapes where they
 * differ); {@link #key()} is the key of the first one.
 */
public final class StateDictMismatchException extends CheckpointException {

    private static final long serialVersionUID = 1L;

    /** How many problems the message spells out; the rest are counted. */
    private static final int LISTED = 40;

    private final List<String> problems;
    private final String firstKey;

    StateDictMismatchException(String source, String firstKey, List<String> problems) {
        super(source, null, describe(problems));
        this.problems = List.copyOf(problems);
        this.firstKey = firstKey;
    }

    private static String describe(List<String> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems")
                .append(" loading the checkpoint into the model:");
        int n = Math.min(LISTED, problems.size());
        for (int i = 0; i < n; i++) {
            sb.append("\n  - ").append(problems.get(i));
        }
        if (problems.size() > n) {
            sb.append("\n  ... and ").append(problems.size() - n).append(" more");
        }
        return sb.toString();
    }

    /** One line per problem, in the order found. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public String key() {
        return firstKey;
    }
}
