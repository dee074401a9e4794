package org.metalr.data.layout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.metalr.api.UserInputException;
import org.metalr.api.registry.Registry;

/**
 * The dataset layouts on the class path, and what they tell about a path: which layout it looks like
 * ({@link #detect}), and a hint added to a layout's error when the data looks like another's
 * ({@link #open}).
 */
public final class DatasetLayouts {

    /** What a registry entry is called in messages. */
    public static final String KIND = "dataset layout";

    private DatasetLayouts() {}

    private static final class Holder {
        static final Registry<DatasetLayout> REGISTRY = Registry.load(DatasetLayout.class, KIND);
    }

    /** Every registered layout, loaded once with {@link java.util.ServiceLoader}. */
    public static Registry<DatasetLayout> registry() {
        return Holder.REGISTRY;
    }

    /**
     * A layout's recognition of a path.
     *
     * @param layout      the layout
     * @param recognition what it saw
     */
    public record Match(DatasetLayout layout, Recognition recognition) {

        public Match {
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(recognition, "recognition");
        }

        /** "POCUS folder (fold folders split0..split4): --dataset pocus". */
        public String hint() {
            return recognition.what() + ": --dataset " + layout.name();
        }
    }

    /** The layouts of {@code layouts} that recognise {@code path}, the specific ones first, then by name. */
    public static List<Match> recognise(Registry<DatasetLayout> layouts, Path path) {
        List<Match> out = new ArrayList<>();
        for (DatasetLayout layout : layouts.all()) {
            Recognition r = layout.recognise(path);
            if (r.recognised()) {
                out.add(new Match(layout, r));
            }
        }
        out.sort(Comparator.comparing((Match m) -> m.recognition().strength()).reversed());
        return out;
    }

    /**
     * The one layout of {@code layouts} that {@code path} looks like: the only one that sees its own marks
     * in it, else the only one that can read it.
     *
     * @throws UserInputException naming the candidates when none or several fit equally
     */
    public static DatasetLayout detect(Registry<DatasetLayout> layouts, Path path) {
        List<Match> matches = recognise(layouts, path);
        if (matches.isEmpty()) {
            throw new UserInputException(path + ": no dataset layout recognises it; give --dataset, one of "
                    + String.join(", ", layouts.names()));
        }
        Recognition.Strength best = matches.get(0).recognition().strength();
        List<Match> top = matches.stream().filter(m -> m.recognition().strength() == best).toList();
        if (top.size() > 1) {
            throw new UserInputException(path + " looks like several layouts; give --dataset: "
                    + top.stream().map(Match::hint).collect(Collectors.joining("; ")));
        }
        return top.get(0).layout();
    }

    /**
     * {@code layout.open(request)}; when it fails on the user's input and the data looks like another
     * registered layout's, the message says which, and how to select it.
     *
     * @throws UserInputException as {@link DatasetLayout#open}, perhaps with that hint; a few-label cut
     *     ({@link DataRequest#subset()}) for a segmentation layout, before reading anything
     * @throws IOException        as {@link DatasetLayout#open}
     */
    public static Dataset open(DatasetLayout layout, DataRequest request) throws IOException {
        if (layout.task() != DatasetLayout.Task.CLASSIFICATION && !request.subset().isNone()) {
            throw new UserInputException("--classes, --train-per-class and --val-per-class cut a classification"
                    + " dataset; --dataset " + layout.name() + " holds volumes with masks");
        }
        try {
            return layout.open(request);
        } catch (UserInputException e) {
            String hint = request.data() == null ? null : hint(layout, request.data());
            if (hint == null) {
                throw e;
            }
            throw new UserInputException(e.getMessage() + "; " + request.data() + " looks like " + hint, e);
        }
    }

    private static String hint(DatasetLayout failed, Path data) {
        return recognise(registry(), data).stream()
                .filter(m -> m.recognition().strength() == Recognition.Strength.SPECIFIC)
                .filter(m -> !m.layout().name().equals(failed.name()))
                .map(Match::hint)
                .findFirst().orElse(null);
    }
}
