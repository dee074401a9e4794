package org.metalr.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run read: every file of every set, with its label, size and modification time, in set order, as
 * a run's {@code config.json} records it. Resuming compares the recorded list with the data as it is now
 * and refuses a changed dataset (a file added, removed, relabelled, moved to another set, or rewritten)
 * naming the first difference. Sizes and times, not content hashes: one stat per file, so a large dataset
 * costs no read; a file rewritten with the same size within the file system's time resolution goes
 * unseen. A manifest's rows enter through the files and labels they give. Immutable.
 *
 * @param files the files, set by set in the sets' order
 */
public record DataFingerprint(List<Entry> files) {

    /**
     * One file as the run read it.
     *
     * @param set      {@code train}, {@code metaValidation}, {@code test} (or a volume set's name)
     * @param path     the file as the dataset names it
     * @param label    its class index; -1 for a volume or a mask
     * @param size     bytes; -1 if it could not be read
     * @param modified last modification time (ISO-8601); empty if it could not be read
     */
    public record Entry(String set, String path, int label, long size, String modified) {
        public Entry {
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(modified, "modified");
        }
    }

    public DataFingerprint {
        files = List.copyOf(files);
    }

    /** The files of image splits: train, meta-validation, test. */
    public static DataFingerprint of(DatasetSplits splits) {
        List<Entry> out = new ArrayList<>();
        add(out, "train", splits.train());
        add(out, "metaValidation", splits.metaValidation());
        add(out, "test", splits.test());
        return new DataFingerprint(out);
    }

    private static void add(List<Entry> out, String set, LabelledSet samples) {
        for (Sample s : samples.samples()) {
            Entry e = entry(set, s.path(), s.label());
            // an in-memory image is named by its array file and index: the file's size and time cover it
            out.add(s.inMemory() ? new Entry(set, s.name(), e.label(), e.size(), e.modified()) : e);
        }
    }

    /** One file's entry, read now. */
    public static Entry entry(String set, Path file, int label) {
        long size = -1;
        String modified = "";
        try {
            size = Files.size(file);
            modified = Files.getLastModifiedTime(file).toString();
        } catch (IOException e) {
            // recorded as unreadable: the comparison then names it
        }
        return new Entry(set, file.toString(), label, size, modified);
    }

    /**
     * The first way {@code now} differs from this recorded fingerprint, for a message: "train file X: 1834
     * bytes, modified ... when the run started, now 2011 bytes, modified ...".
     */
    public Optional<String> firstDifference(DataFingerprint now) {
        List<Entry> a = files;
        List<Entry> b = now.files;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Entry was = a.get(i);
            Entry is = b.get(i);
            if (!was.set().equals(is.set()) || !was.path().equals(is.path())) {
                return Optional.of("file " + (i + 1) + " of the data was " + was.set() + " " + was.path() + " when the run"
                        + " started, now " + is.set() + " " + is.path());
            }
            if (was.label() != is.label()) {
                return Optional.of(was.set() + " file " + was.path() + " had label " + was.label() + " when the run"
                        + " started, now " + is.label());
            }
            if (was.size() != is.size() || !was.modified().equals(is.modified())) {
                return Optional.of(was.set() + " file " + was.path() + " was " + describe(was) + " when the run started,"
                        + " now " + describe(is));
            }
        }
        if (a.size() != b.size()) {
            return Optional.of("the data held " + a.size() + " files when the run started, now " + b.size() + " (first"
                    + (a.size() > b.size() ? " gone: " + a.get(b.size()).path() : " new: " + b.get(a.size()).path()) + ")");
        }
        return Optional.empty();
    }

    private static String describe(Entry e) {
        return e.size() < 0 ? "unreadable" : e.size() + " bytes, modified " + e.modified();
    }
}
