package org.metalr.api.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import org.metalr.api.UserInputException;

/**
 * The entries of one extension point, found with {@link ServiceLoader}: adding a method, a dataset
 * layout, a model family or a backend is one class plus one line in its module's
 * {@code META-INF/services/<interface>} file, and the help texts, error messages and listings come from
 * here, so they never drift from the code. A jar of the user's own on the class path extends it the
 * same way.
 *
 * <p>Immutable once built; entries are sorted by name, so listings do not depend on the class path's
 * order. Thread-safe.
 *
 * @param <T> the extension point's interface
 */
public final class Registry<T extends Named> {

    private final String kind;
    private final Map<String, T> entries;

    private Registry(String kind, List<T> found) {
        this.kind = Objects.requireNonNull(kind, "kind");
        List<T> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(Named::name));
        Map<String, T> map = new LinkedHashMap<>();
        for (T entry : sorted) {
            String name = Objects.requireNonNull(entry.name(), () -> entry.getClass().getName() + " has no name");
            if (name.isBlank() || !name.equals(name.trim())) {
                throw new IllegalStateException(entry.getClass().getName() + ": a " + kind + " name must be"
                        + " non-blank without surrounding spaces, got '" + name + "'");
            }
            T previous = map.putIfAbsent(name, entry);
            if (previous != null) {
                throw new IllegalStateException("two " + kind + "s are named '" + name + "': "
                        + previous.getClass().getName() + " and " + entry.getClass().getName());
            }
        }
        this.entries = map;
    }

    /**
     * The implementations of {@code type} that {@link ServiceLoader} finds through {@code type}'s class
     * loader.
     *
     * @param kind what an entry is, for messages ("method", "dataset layout", ...)
     * @throws IllegalStateException if two entries share a name (a packaging error, not user input)
     */
    public static <T extends Named> Registry<T> load(Class<T> type, String kind) {
        List<T> found = new ArrayList<>();
        ServiceLoader.load(type, type.getClassLoader()).forEach(found::add);
        return new Registry<>(kind, found);
    }

    /** A registry of exactly {@code entries}: for tests, and for callers that build their own lists. */
    public static <T extends Named> Registry<T> of(String kind, List<? extends T> entries) {
        return new Registry<>(kind, List.copyOf(entries));
    }

    /** What an entry is, as messages call it. */
    public String kind() {
        return kind;
    }

    /** The names, sorted. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The entries, sorted by name. */
    public List<T> all() {
        return List.copyOf(entries.values());
    }

    /** Whether an entry is called {@code name}. */
    public boolean has(String name) {
        return name != null && entries.containsKey(name.trim());
    }

    /**
     * The entry called {@code name} (surrounding spaces ignored).
     *
     * @throws UserInputException for an unknown name, listing the known ones
     */
    public T named(String name) {
        T entry = name == null ? null : entries.get(name.trim());
        if (entry == null) {
            throw new UserInputException("unknown " + kind + " '" + name + "'; expected one of " + String.join(", ",
                    names()));
        }
        return entry;
    }

    /** One line per entry, {@code name  summary}, names padded to one column: for help texts. */
    public String help() {
        int width = entries.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (T entry : entries.values()) {
            sb.append(String.format("%-" + Math.max(width, 1) + "s  %s%n", entry.name(), entry.summary()));
        }
        return sb.toString();
    }
}
