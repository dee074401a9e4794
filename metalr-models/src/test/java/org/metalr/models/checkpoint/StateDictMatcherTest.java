package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;

class StateDictMatcherTest {

    private static HostTensor zeros(long... shape) {
        return HostTensor.of(new float[(int) HostTensor.numel(shape)], shape);
    }

    /** name, shape, name, shape, ... */
    private static Map<String, HostTensor> checkpoint(Object... pairs) {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], zeros((long[]) pairs[i + 1]));
        }
        return m;
    }

    private static List<TensorInfo> model(Object... pairs) {
        List<TensorInfo> l = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            l.add(new TensorInfo((String) pairs[i], (long[]) pairs[i + 1]));
        }
        return l;
    }

    private static long[] s(long... dims) {
        return dims;
    }

    private static StateDictMismatchException mismatch(Map<String, HostTensor> ckpt, List<TensorInfo> expected, KeyMapping m) {
        try {
            StateDictMatcher.match("ckpt.pth", ckpt, expected, m);
        } catch (StateDictMismatchException e) {
            assertThat(e.getMessage()).startsWith("ckpt.pth: ");
            return e;
        }
        throw new AssertionError("no mismatch reported");
    }

    @Test
    void loadsAnExactMatchInModelOrder() throws Exception {
        LoadedWeights w = StateDictMatcher.match("ckpt.pth", checkpoint("b", s(2), "a", s(1)),
                model("a", s(1), "b", s(2)), KeyMapping.identity());
        assertThat(w.tensors().keySet()).containsExactly("a", "b");
        assertThat(w.report().loaded()).containsExactly("a", "b");
        assertThat(w.report().renamed()).isEmpty();
        assertThat(w.report().summary()).isEqualTo("ckpt.pth: loaded 2 of 2 model tensors (0 renamed);"
                + " left at initialisation: none; ignored from the checkpoint: none");
    }

    @Test
    void missingUnexpectedAndShapeMismatchesAreAllReportedWithKeysAndShapes() {
        StateDictMismatchException e = mismatch(
                checkpoint("conv1.weight", s(4, 3, 3, 3), "fc.weight", s(1000, 8), "extra.bias", s(5)),
                model("conv1.weight", s(4, 3, 3, 3), "fc.weight", s(3, 8), "fc.bias", s(3)),
                KeyMapping.identity());
        assertThat(e.problems()).containsExactly(
                "shape mismatch: fc.weight: the model expects [3, 8], the checkpoint has [1000, 8]",
                "missing: fc.bias (the model expects [3])",
                "unexpected: extra.bias [5] is not in the model (drop it with a rule to ignore it)");
        assertThat(e.key()).isEqualTo("fc.weight");
        assertThat(e.getMessage()).contains("3 problems loading the checkpoint into the model:\n  - shape mismatch: fc.weight");
    }

    @Test
    void aForgottenPrefixIsHinted() {
        StateDictMismatchException e = mismatch(checkpoint("module.conv.weight", s(2)), model("conv.weight", s(2)),
                KeyMapping.identity());
        assertThat(e.problems().get(0)).isEqualTo(
                "missing: conv.weight (the model expects [2]); the checkpoint has module.conv.weight (strip a prefix?)");
    }

    @Test
    void stripsAPrefixAndReportsTheRenames() throws Exception {
        LoadedWeights w = StateDictMatcher.match("ckpt.pth", checkpoint("module.conv.weight", s(2), "head.bias", s(1)),
                model("conv.weight", s(2), "head.bias", s(1)), KeyMapping.identity().stripPrefix("module."));
        assertThat(w.report().renamed()).containsExactly(Map.entry("conv.weight", "module.conv.weight"));
        assertThat(w.report().summary()).contains("(1 renamed, e.g. module.conv.weight -> conv.weight)");
    }

    @Test
    void dropsAHeadAndLeavesTheNewOneAtInitialisation() throws Exception {
        LoadedWeights w = StateDictMatcher.match("resnet18.pth",
                checkpoint("conv1.weight", s(2), "fc.weight", s(1000, 4), "fc.bias", s(1000)),
                model("conv1.weight", s(2), "fc.weight", s(3, 4), "fc.bias", s(3)),
                KeyMapping.identity().drop("^fc\\.").allowMissing("^fc\\."));
        assertThat(w.tensors().keySet()).containsExactly("conv1.weight");
        assertThat(w.report().leftAtInitialisation()).containsExactly("fc.weight", "fc.bias");
        assertThat(w.report().ignored()).containsExactly("fc.weight", "fc.bias");
        assertThat(w.report().summary()).isEqualTo("resnet18.pth: loaded 1 of 3 model tensors (0 renamed);"
                + " left at initialisation: fc.weight, fc.bias; ignored from the checkpoint: fc.weight, fc.bias");
    }

    @Test
    void renamesWithGroups() throws Exception {
        LoadedWeights w = StateDictMatcher.match("ckpt.pth", checkpoint("enc.stage3.block1.w", s(2)),
                model("layer3.1.w", s(2)), KeyMapping.identity().rename("^enc\\.stage(\\d)\\.block(\\d)\\.", "layer$1.$2."));
        assertThat(w.report().renamed()).containsExactly(Map.entry("layer3.1.w", "enc.stage3.block1.w"));
    }

    @Test
    void rulesApplyInOrder() throws Exception {
        // dropping after renaming sees the new names
        LoadedWeights w = StateDictMatcher.match("ckpt.pth", checkpoint("a.x", s(1), "b.x", s(1)),
                model("c.x", s(1)), KeyMapping.identity().rename("^a\\.", "c.").drop("^b\\."));
        assertThat(w.report().loaded()).containsExactly("c.x");
        assertThat(w.report().ignored()).containsExactly("b.x");
    }

    @Test
    void twoKeysOntoOneName() {
        StateDictMismatchException e = mismatch(checkpoint("module.w", s(1), "w", s(1)), model("w", s(1)),
                KeyMapping.identity().stripPrefix("module."));
        assertThat(e.problems()).containsExactly("duplicate: w is what both checkpoint keys module.w and w map to");
    }

    @Test
    void mapsByOrderOntoOtherNames() throws Exception {
        LoadedWeights w = StateDictMatcher.match("ckpt.pth",
                checkpoint("features.0.weight", s(2, 3), "features.1.weight", s(2), "proj.weight", s(5)),
                model("conv1.weight", s(2, 3), "bn1.weight", s(2), "fc.weight", s(3, 2)),
                KeyMapping.identity().drop("^proj\\.").mapByOrder("^features\\.", "^(?!fc\\.)").allowMissing("^fc\\."));
        assertThat(w.report().renamed()).containsExactly(Map.entry("conv1.weight", "features.0.weight"),
                Map.entry("bn1.weight", "features.1.weight"));
        assertThat(w.report().leftAtInitialisation()).containsExactly("fc.weight");
    }

    @Test
    void mapByOrderWithUnequalSides() {
        StateDictMismatchException e = mismatch(checkpoint("features.0.weight", s(2)),
                model("conv1.weight", s(2), "bn1.weight", s(2)), KeyMapping.identity().mapByOrder("^features\\.", ""));
        assertThat(e.problems()).containsExactly(
                "map by order: 1 checkpoint tensors match /^features\\./ but 2 model tensors match //");
        assertThat(e.key()).isEqualTo("features.0.weight");
    }

    @Test
    void mapByOrderShapeMismatchNamesBothKeys() {
        StateDictMismatchException e = mismatch(checkpoint("features.0.weight", s(2), "features.1.weight", s(2, 3)),
                model("conv1.weight", s(2, 3), "bn1.weight", s(2)), KeyMapping.identity().mapByOrder("^features\\.", ""));
        assertThat(e.problems()).containsExactly(
                "shape mismatch: conv1.weight (checkpoint key features.0.weight): the model expects [2, 3], the checkpoint has [2]",
                "shape mismatch: bn1.weight (checkpoint key features.1.weight): the model expects [2], the checkpoint has [2, 3]");
    }

    @Test
    void aScalarIsNotAOneElementVector() {
        StateDictMismatchException e = mismatch(checkpoint("n", s()), model("n", s(1)), KeyMapping.identity());
        assertThat(e.problems()).containsExactly("shape mismatch: n: the model expects [1], the checkpoint has []");
    }

    @Test
    void longListsAreCappedInTheMessageButKeptInFull() {
        Map<String, HostTensor> ckpt = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            ckpt.put("t" + i, zeros(1));
        }
        StateDictMismatchException e = mismatch(ckpt, List.of(), KeyMapping.identity());
        assertThat(e.problems()).hasSize(50);
        assertThat(e.getMessage()).endsWith("\n  ... and 10 more");
    }

    @Test
    void aModelNamingATensorTwiceIsAProgrammingError() {
        assertThatThrownBy(() -> StateDictMatcher.match("ckpt.pth", Map.of(), model("a", s(1), "a", s(1)), KeyMapping.identity()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' twice");
    }

    @Test
    void aRenameToAMissingGroupIsAProgrammingError() {
        assertThatThrownBy(() -> StateDictMatcher.match("ckpt.pth", checkpoint("a", s(1)), model("a", s(1)),
                KeyMapping.identity().rename("a", "$2")))
                .isInstanceOf(org.metalr.api.UserInputException.class).hasMessageContaining("--rename /a/ to '$2'");
    }

    @Test
    void summaryListsAreCapped() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add("t" + i);
        }
        LoadReport r = new LoadReport("x", List.of(), Map.of(), many, List.of());
        assertThat(r.summary()).contains("left at initialisation: t0, t1, t2, t3, t4, t5, t6, t7, ... (2 more);");
    }

    @Test
    void describesItsRules() {
        assertThat(KeyMapping.identity().stripPrefix("module.").drop("^fc\\.").rename("a(\\d)", "b$1")
                .mapByOrder("^f\\.", "").allowMissing("^fc\\.").toString())
                .isEqualTo("strip prefix 'module.', drop /^fc\\./, rename /a(\\d)/ to 'b$1', map /^f\\./ onto // by order,"
                        + " allow missing /^fc\\./");
        assertThat(KeyMapping.identity()).hasToString("identity");
    }
}
