package org.metalr.data.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.metalr.data.BadInputException;
import org.metalr.data.CrossValidation;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.Sample;
import org.metalr.data.ScanOptions;
import org.metalr.data.Split;

/**
 * A CSV manifest for any layout: one row per image, {@code path,label[,split][,fold]}.
 * <ul>
 *   <li>A header row is optional. With one, its names ({@code path}, {@code label}, {@code split},
 *       {@code fold}, any case) choose the columns and other columns are ignored. Without one, the
 *       columns are positional; a third column is the fold if every value in it is an integer,
 *       otherwise the split.</li>
 *   <li>Paths are relative to the manifest's folder unless absolute. Fields may be quoted with
 *       {@code "} (a doubled quote inside is a quote). Blank lines and lines starting with {@code #}
 *       are skipped.</li>
 *   <li>Labels are class names, indexed in sorted order; if every label is an integer, it is the class
 *       index itself: negative ones are refused, and so are unused indices below the largest (classes
 *       without images) unless the user declared the number of classes.</li>
 *   <li>Each file (by its canonical path: {@code imgs/a.png} and {@code ./imgs/a.png} are one file) is
 *       listed once: a duplicate row, a file in two splits or two folds, and a file with two labels are
 *       refused, naming both lines.</li>
 *   <li>Splits are {@code train}, {@code val} and {@code test} (see {@link Split#parse}); folds are
 *       integers from 0.</li>
 * </ul>
 * A malformed row or a row naming a missing file is a bad input: an error naming the manifest line
 * (or the file), or skipped and recorded. Immutable.
 */
public final class CsvManifest {

    private final Path file;
    private final LabelledSet all;
    private final Split[] splits;
    private final int[] folds;

    private CsvManifest(Path file, LabelledSet all, Split[] splits, int[] folds) {
        this.file = file;
        this.all = all;
        this.splits = splits;
        this.folds = folds;
    }

    /**
     * Reads a manifest whose relative paths are relative to its own folder.
     *
     * @throws BadInputException if the manifest cannot be read, lacks a path or label column, or has
     *                           a bad row or missing file under {@link org.metalr.data.BadInputPolicy#FAIL}
     */
    public static CsvManifest read(Path csv, ScanOptions options) {
        return read(csv, options, null);
    }

    /**
     * Reads a manifest whose relative paths are relative to its own folder, with integer labels
     * indexing {@code numClasses} classes when not null.
     *
     * @throws BadInputException as {@link #read(Path, ScanOptions)}, and for an integer label outside
     *     {@code 0..numClasses-1}
     */
    public static CsvManifest read(Path csv, ScanOptions options, Integer numClasses) {
        Path parent = csv.toAbsolutePath().getParent();
        return read(csv, parent, options, numClasses);
    }

    /**
     * Reads a manifest, resolving relative paths against {@code baseDir}.
     *
     * @throws BadInputException as {@link #read(Path, ScanOptions)}
     */
    public static CsvManifest read(Path csv, Path baseDir, ScanOptions options) {
        return read(csv, baseDir, options, null);
    }

    private static CsvManifest read(Path csv, Path baseDir, ScanOptions options, Integer numClasses) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(csv, "cannot read manifest (" + e + ")", e);
        }
        List<Row> rows = new ArrayList<>();
        Columns columns = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (n == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> fields;
            try {
                fields = parseLine(line);
            } catch (IllegalArgumentException e) {
                options.reject(new BadInputException(csv, "line " + (n + 1) + ": " + e.getMessage()));
                continue;
            }
            if (columns == null && rows.isEmpty() && fields.get(0).trim().equalsIgnoreCase("path")) {
                columns = Columns.fromHeader(fields, csv);
                continue;
            }
            rows.add(new Row(n + 1, fields));
        }
        if (columns == null) {
            columns = Columns.positional(rows, csv);
        }
        return build(csv, baseDir, columns, rows, options, numClasses);
    }

    /** Where a file was first listed. */
    private record Listed(int line, String label, Split split, int fold) {}

    private static CsvManifest build(Path csv, Path baseDir, Columns columns, List<Row> rows, ScanOptions options,
            Integer numClasses) {
        Map<Path, Listed> seen = new HashMap<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Split> splitList = new ArrayList<>();
        List<Integer> foldList = new ArrayList<>();
        for (Row row : rows) {
            try {
                String path = row.field(columns.path, "path");
                String label = row.field(columns.label, "label");
                Split split = columns.split < 0 ? null : parseSplit(row.field(columns.split, "split"));
                int fold = columns.fold < 0 ? -1 : parseFold(row.field(columns.fold, "fold"));
                Path resolved = baseDir.resolve(path).normalize();
                if (!Files.isRegularFile(resolved)) {
                    options.reject(new BadInputException(resolved, "missing file, listed at "
                            + csv.getFileName() + " line " + row.line));
                    continue;
                }
                Listed here = new Listed(row.line, label, split, fold);
                Listed before = seen.putIfAbsent(canonical(resolved), here);
                if (before != null) {
                    options.reject(new BadInputException(csv, conflict(before, here, path)));
                    continue;
                }
                lineNumbers.add(row.line);
                paths.add(resolved);
                labels.add(label);
                splitList.add(split);
                foldList.add(fold);
            } catch (IllegalArgumentException e) {
                options.reject(new BadInputException(csv, "line " + row.line + ": " + e.getMessage()));
            }
        }
        boolean numeric = !labels.isEmpty() && labels.stream().allMatch(CsvManifest::isInteger);
        List<String> classes = numeric ? indexedClasses(csv, labels, lineNumbers, numClasses)
                : List.copyOf(new TreeSet<>(labels));
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            int label = numeric ? Integer.parseInt(labels.get(i).trim()) : index.get(labels.get(i));
            samples.add(new Sample(paths.get(i), label));
        }
        List<Sample> good = ImageValidator.keepDecodable(samples, options);
        // Keep each kept sample's split and fold; the validator preserves order.
        Split[] splits = columns.split < 0 ? null : new Split[good.size()];
        int[] folds = columns.fold < 0 ? null : new int[good.size()];
        for (int i = 0, j = 0; i < samples.size() && j < good.size(); i++) {
            if (samples.get(i) == good.get(j)) {
                if (splits != null) {
                    splits[j] = splitList.get(i);
                }
                if (folds != null) {
                    folds[j] = foldList.get(i);
                }
                j++;
            }
        }
        return new CsvManifest(csv, new LabelledSet(classes, good), splits, folds);
    }

    /** Why a file listed again cannot be used: a duplicate, two splits or folds, or two labels. */
    private static String conflict(Listed before, Listed here, String path) {
        String lines = "lines " + before.line() + " and " + here.line() + " both list " + path;
        if (!before.label().equals(here.label())) {
            return lines + " with two labels, '" + before.label() + "' and '" + here.label() + "'";
        }
        if (before.split() != here.split()) {
            return lines + ", in two splits (" + name(before.split()) + " and " + name(here.split()) + "): an image must not be"
                    + " both trained and tested on";
        }
        if (before.fold() != here.fold()) {
            return lines + ", in two folds (" + before.fold() + " and " + here.fold() + ")";
        }
        return lines + ": a duplicate row";
    }

    private static String name(Split split) {
        return split == null ? "none" : split.name().toLowerCase(Locale.ROOT);
    }

    private static Path canonical(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    /**
     * Integer labels as class indices: classes {@code 0..K-1} in numeric order, K the declared number of
     * classes or the largest label + 1, every index used unless K was declared.
     */
    private static List<String> indexedClasses(Path csv, List<String> labels, List<Integer> lines,
            Integer numClasses) {
        TreeSet<Integer> used = new TreeSet<>();
        for (int i = 0; i < labels.size(); i++) {
            int label = Integer.parseInt(labels.get(i).trim());
            if (label < 0) {
                throw new BadInputException(csv, "line " + lines.get(i) + ": label " + label + " is negative; integer"
                        + " labels are class indices 0..K-1");
            }
            if (numClasses != null && label >= numClasses) {
                throw new BadInputException(csv, "line " + lines.get(i) + ": label " + label + " is not a class index"
                        + " below --num-classes " + numClasses);
            }
            used.add(label);
        }
        int k = numClasses != null ? numClasses : used.last() + 1;
        if (numClasses == null && used.size() < k) {
            List<String> empty = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                if (!used.contains(c)) {
                    empty.add(Integer.toString(c));
                }
            }
            throw new BadInputException(csv, "integer labels " + used + " leave class" + (empty.size() == 1 ? " " : "es ")
                    + String.join(", ", empty) + " without images; number the classes 0.." + (used.size() - 1)
                    + ", or give --num-classes " + k + " to keep empty classes");
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    private static boolean isInteger(String s) {
        String t = s.trim();
        return isIndex(t.startsWith("-") ? t.substring(1) : t);
    }

    private static boolean isIndex(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 9) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static Split parseSplit(String s) {
        return Split.parse(s);
    }

    private static int parseFold(String s) {
        try {
            int fold = Integer.parseInt(s.trim());
            if (fold < 0) {
                throw new IllegalArgumentException("negative fold " + fold);
            }
            return fold;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fold '" + s + "' is not an integer", e);
        }
    }

    /** Splits one CSV line into fields, honouring double quotes. */
    static List<String> parseLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        fields.add(cur.toString());
        return fields;
    }

    /** The manifest file. */
    public Path file() {
        return file;
    }

    /** Every row that was kept, in manifest order. */
    public LabelledSet all() {
        return all;
    }

    public boolean hasSplits() {
        return splits != null;
    }

    public boolean hasFolds() {
        return folds != null;
    }

    /**
     * The rows of one split, in manifest order (empty if none).
     *
     * @throws IllegalStateException if the manifest has no split column
     */
    public LabelledSet split(Split split) {
        if (splits == null) {
            throw new IllegalStateException(file + " has no split column");
        }
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < splits.length; i++) {
            if (splits[i] == split) {
                picked.add(i);
            }
        }
        return all.subset(picked.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Train, meta-validation and test from the split column: the {@code val} rows when there are any,
     * else a stratified seeded hold-out of {@code metaValidationFraction} of the train rows.
     *
     * @throws IllegalStateException if there is no split column, or no train or test row
     */
    public DatasetSplits splits(double metaValidationFraction, long seed) {
        LabelledSet train = split(Split.TRAIN);
        LabelledSet val = split(Split.META_VALIDATION);
        LabelledSet test = split(Split.TEST);
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalStateException(file + " needs train and test rows; it has " + train.size()
                    + " train and " + test.size() + " test rows");
        }
        return val.isEmpty()
                ? DatasetSplits.holdOutMetaValidation(train, test, metaValidationFraction, seed)
                : new DatasetSplits(train, val, test);
    }

    /**
     * Cross-validation over all rows with the folds of the fold column ({@code k} = largest fold + 1).
     *
     * @throws IllegalStateException    if there is no fold column
     * @throws IllegalArgumentException if a fold in {@code 0..k-1} has no row
     */
    public CrossValidation crossValidation() {
        if (folds == null) {
            throw new IllegalStateException(file + " has no fold column");
        }
        int k = 0;
        for (int f : folds) {
            k = Math.max(k, f + 1);
        }
        return new CrossValidation(all, folds, k);
    }

    private record Row(int line, List<String> fields) {
        String field(int column, String name) {
            if (column >= fields.size()) {
                throw new IllegalArgumentException("expected a " + name + " in column " + (column + 1)
                        + ", the row has " + fields.size() + " column(s)");
            }
            String value = fields.get(column).trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("empty " + name);
            }
            return value;
        }
    }

    /** Column indices; -1 when absent. */
    private record Columns(int path, int label, int split, int fold) {

        static Columns fromHeader(List<String> header, Path csv) {
            int path = -1;
            int label = -1;
            int split = -1;
            int fold = -1;
            for (int i = 0; i < header.size(); i++) {
                switch (header.get(i).trim().toLowerCase(Locale.ROOT)) {
                    case "path" -> path = i;
                    case "label" -> label = i;
                    case "split" -> split = i;
                    case "fold" -> fold = i;
                    default -> { }
                }
            }
            if (label < 0) {
                throw new BadInputException(csv, "header has no label column: " + header);
            }
            return new Columns(path, label, split, fold);
        }

        static Columns positional(List<Row> rows, Path csv) {
            int width = rows.stream().mapToInt(r -> r.fields().size()).max().orElse(2);
            if (width < 2) {
                throw new BadInputException(csv, "expected at least two columns, path and label");
            }
            if (width == 2) {
                return new Columns(0, 1, -1, -1);
            }
            if (width == 3) {
                boolean allInts = rows.stream().allMatch(r -> r.fields().size() > 2 && isIndex(r.fields().get(2)));
                return allInts ? new Columns(0, 1, -1, 2) : new Columns(0, 1, 2, -1);
            }
            return new Columns(0, 1, 2, 3);
        }
    }
}
