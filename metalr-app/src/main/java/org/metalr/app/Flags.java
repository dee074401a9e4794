package org.metalr.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of a command with the value it ran with (given or default), by its long name, for
 * {@code config.json}: enough to run the command again.
 */
final class Flags {

    /** Options that are not settings (the sweep modes, {@link SweepOptions}, change no number). */
    private static final Set<String> NOT_SETTINGS = Set.of("--help", "--version", "--verbose", "--worker",
            "--collect", "--parallel", SweepOptions.LEAVE_COLLECT);

    private Flags() {}

    /** The command's options and values, in declaration order; absent optional values as null. */
    static Map<String, Object> of(CommandSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (NOT_SETTINGS.contains(name) || o.hidden() && o.getValue() == null) {
                continue;
            }
            out.put(name, plain(o.getValue()));
        }
        return out;
    }

    private static Object plain(Object value) {
        if (value instanceof Path p) {
            return p.toString();
        }
        if (value instanceof Collection<?> c) {
            List<Object> list = new ArrayList<>();
            c.forEach(v -> list.add(plain(v)));
            return list;
        }
        return value;
    }
}
