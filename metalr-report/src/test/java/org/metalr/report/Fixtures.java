package org.metalr.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small run folders in the trainer's formats (ResNet-18's ten groups, three classes, three epochs of
 * six iterations), written into a test's temporary directory. Values are chosen so that tests can
 * name them exactly.
 */
final class Fixtures {

    static final List<String> GROUPS = List.of("stem", "layer1.0", "layer1.1", "layer2.0", "layer2.1", "layer3.0",
            "layer3.1", "layer4.0", "layer4.1", "fc");
    static final List<String> CLASSES = List.of("benign", "malignant", "normal");
    static final int EPOCHS = 3;
    static final int PER_EPOCH = 6;
    static final long[][] CONFUSION_SELECTED = {{40, 3, 1}, {5, 17, 2}, {1, 0, 11}};
    static final long[][] CONFUSION_LAST = {{38, 5, 1}, {6, 16, 2}, {2, 1, 9}};

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static {
        // Before any AWT class loads in the test JVM.
        System.setProperty("java.awt.headless", "true");
    }

    private Fixtures() {
    }

    /** The rate of group {@code g} after iteration {@code t}: drifts towards a U over depth. */
    static double rate(int t, int g) {
        double initial = g == GROUPS.size() - 1 ? 1e-2 : 1e-3;
        double target = 1e-4 * Math.pow(10, 1.6 * Math.abs(g - 4.5) / 4.5);
        double f = t / (double) (EPOCHS * PER_EPOCH);
        return Math.exp(Math.log(initial) * (1 - f) + Math.log(target) * f);
    }

    static String trajectoryCsv() {
        StringBuilder s = new StringBuilder("iteration,epoch," + String.join(",", GROUPS) + "\n");
        for (int t = 0; t <= EPOCHS * PER_EPOCH; t++) {
            s.append(t).append(',').append(t == 0 ? 0 : (t - 1) / PER_EPOCH + 1);
            for (int g = 0; g < GROUPS.size(); g++) {
                s.append(',').append(Double.toString(rate(t, g)));
            }
            s.append('\n');
        }
        return s.toString();
    }

    static String lossesCsv(boolean lookAhead) {
        StringBuilder s = new StringBuilder("iteration,epoch,train_loss,validation_loss\n");
        for (int t = 1; t <= EPOCHS * PER_EPOCH; t++) {
            s.append(t).append(',').append((t - 1) / PER_EPOCH + 1).append(',').append(1.0 / (1 + 0.1 * t)).append(',')
                    .append(lookAhead ? Double.toString(1.2 / (1 + 0.08 * t)) : "").append('\n');
        }
        return s.toString();
    }

    static Map<String, Object> classification(long[][] confusion, double[] auc) {
        int k = confusion.length;
        long total = 0;
        long correct = 0;
        double[] sens = new double[k];
        double[] prec = new double[k];
        double[] f1 = new double[k];
        for (int c = 0; c < k; c++) {
            long row = 0;
            long col = 0;
            for (int j = 0; j < k; j++) {
                row += confusion[c][j];
                col += confusion[j][c];
                total += confusion[c][j];
            }
            correct += confusion[c][c];
            sens[c] = (double) confusion[c][c] / row;
            prec[c] = (double) confusion[c][c] / col;
            f1[c] = 2.0 * confusion[c][c] / (row + col);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classes", k);
        m.put("samples", total);
        m.put("accuracy", (double) correct / total);
        m.put("macroF1", Arrays.stream(f1).average().orElseThrow());
        m.put("macroAuc", Arrays.stream(auc).average().orElseThrow());
        m.put("sensitivity", sens);
        m.put("precision", prec);
        m.put("f1", f1);
        m.put("auc", auc);
        m.put("confusion", confusion);
        return m;
    }

    static Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "finished");
        m.put("message", null);
        m.put("method", "metalr");
        m.put("classes", CLASSES);
        m.put("groups", GROUPS);
        m.put("frozen", new boolean[GROUPS.size()]);
        m.put("iterations", EPOCHS * PER_EPOCH);
        m.put("epochsCompleted", EPOCHS);
        m.put("selectedEpoch", 2);
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (int e = 1; e <= EPOCHS; e++) {
            Map<String, Object> ep = new LinkedHashMap<>();
            ep.put("epoch", e);
            ep.put("passes", 1);
            ep.put("iteration", e * PER_EPOCH);
            ep.put("trainLoss", 0.9 / e);
            ep.put("validationLoss", 1.0 / e + 0.05);
            ep.put("validation", classification(e == 2 ? CONFUSION_SELECTED : CONFUSION_LAST,
                    new double[] {0.9, 0.85, 0.95}));
            epochs.add(ep);
        }
        m.put("epochs", epochs);
        m.put("testSelected", classification(CONFUSION_SELECTED, new double[] {0.9375, 0.875, 0.96875}));
        m.put("testLast", classification(CONFUSION_LAST, new double[] {0.9, 0.85, 0.95}));
        Map<String, Double> lrs = new LinkedHashMap<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            lrs.put(GROUPS.get(g), rate(EPOCHS * PER_EPOCH, g));
        }
        m.put("learningRates", lrs);
        m.put("autoLr", null);
        m.put("seconds", 83.5);
        return m;
    }

    static Map<String, Object> config(long seed) {
        Map<String, Object> train = new LinkedHashMap<>();
        train.put("method", "metalr");
        train.put("epochs", EPOCHS);
        train.put("batchSize", 16);
        train.put("lr", 0.01);
        train.put("backboneLrScale", 0.1);
        train.put("optimizer", Map.of("name", "adam", "weightDecay", 1e-4));
        train.put("seed", seed);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", "resnet18");
        model.put("groups", GROUPS);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("train", train);
        c.put("model", model);
        c.put("data", Map.of("classes", CLASSES, "train", 240));
        c.put("backend", "javacpp");
        c.put("libtorch", "2.7.1");
        return c;
    }

    /** A finished classification run: all four files. */
    static Path run(Path dir) {
        return run(dir, 0, metrics());
    }

    static Path run(Path dir, long seed, Map<String, Object> metrics) {
        try {
            Files.createDirectories(dir);
            write(dir.resolve("config.json"), json(config(seed)));
            write(dir.resolve("metrics.json"), json(metrics));
            write(dir.resolve("lr_trajectory.csv"), trajectoryCsv());
            write(dir.resolve("losses.csv"), lossesCsv(true));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
