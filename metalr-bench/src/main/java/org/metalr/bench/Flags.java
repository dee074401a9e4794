package org.metalr.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.metalr.api.UserInputException;

/**
 * Command-line flags of the form {@code --name value} and {@code --switch}, checked against the
 * names a command accepts. Immutable once parsed.
 */
final class Flags {

    private final Map<String, String> values;

    private Flags(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param args     the command line
     * @param valued   names that take a value
     * @param switches names that take none
     * @throws UserInputException naming an unknown flag, a missing value or a repeated flag
     */
    static Flags parse(String[] args, Set<String> valued, Set<String> switches) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                value = null;
            }
            if (switches.contains(name) && value == null) {
                value = "true";
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UserInputException(name + " needs a value");
                    }
                    value = args[++i];
                }
            } else {
                List<String> known = new ArrayList<>(valued);
                known.addAll(switches);
                known.sort(null);
                throw new UserInputException("unknown option '" + args[i] + "'; known: " + String.join(" ", known));
            }
            if (out.put(name, value) != null) {
                throw new UserInputException(name + " given twice");
            }
        }
        return new Flags(out);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** A whole number of at least {@code min}, or {@code fallback} when the flag is absent. */
    int integer(String name, int fallback, int min) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserInputException(name + " must be a whole number >= " + min + ", got '" + v + "'");
    }

    /** A comma-separated list, or {@code fallback} when the flag is absent; blanks dropped. */
    List<String> list(String name, List<String> fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (String part : Arrays.asList(v.split(","))) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        if (out.isEmpty()) {
            throw new UserInputException(name + " needs at least one entry");
        }
        return out;
    }
}
