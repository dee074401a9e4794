package org.metalr.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParamGroupTest {

    private static final List<TensorInfo> PARAMS = List.of(
            new TensorInfo("conv1.weight", new long[] {4, 3, 3, 3}),
            new TensorInfo("bn1.weight", new long[] {4}),
            new TensorInfo("layer1.0.conv1.weight", new long[] {4, 4, 3, 3}),
            new TensorInfo("layer2.0.conv1.weight", new long[] {4, 4, 3, 3}),
            new TensorInfo("layer3.1.bn2.bias", new long[] {4}),
            new TensorInfo("fc.weight", new long[] {3, 4}),
            new TensorInfo("fc.bias", new long[] {3}));

    @Test
    void patternsMatchWholeNamesOnly() {
        ParamGroup g = ParamGroup.matching("body", "layer[12]\\..*");
        assertThat(g.contains("layer1.0.conv1.weight")).isTrue();
        assertThat(g.contains("layer2.0.conv1.weight")).isTrue();
        assertThat(g.contains("layer3.1.bn2.bias")).isFalse();
        // a pattern found inside a longer name is no match: the whole name must match
        assertThat(ParamGroup.matching("w", "weight").contains("fc.weight")).isFalse();
        assertThat(ParamGroup.matching("w", ".*weight").contains("fc.weight")).isTrue();
    }

    @Test
    void prefixesAndPatternsCombine() {
        ParamGroup g = new ParamGroup("mixed", List.of("conv1"), List.of(".*\\.bias"), false);
        assertThat(g.contains("conv1.weight")).isTrue();
        assertThat(g.contains("fc.bias")).isTrue();
        assertThat(g.contains("fc.weight")).isFalse();
        assertThat(g.describeMembers()).isEqualTo("prefixes [conv1], patterns [.*\\.bias]");
    }

    @Test
    void aNegativeLookaheadTakesEverythingElse() {
        GroupLayout layout = GroupLayout.resolve(List.of(
                ParamGroup.matching("backbone", "(?!fc\\.).*"),
                ParamGroup.of("fc", "fc")), PARAMS);
        assertThat(layout.sumPerGroup(new double[] {1, 1, 1, 1, 1, 1, 1})).containsExactly(5, 2);
        assertThat(layout.groupOf(5)).isEqualTo(1);
    }

    @Test
    void patternGroupsArePartitionCheckedLikePrefixGroups() {
        assertThatThrownBy(() -> GroupLayout.resolve(List.of(
                ParamGroup.matching("convs", ".*conv\\d\\.weight"),
                ParamGroup.of("layer1", "layer1"),
                ParamGroup.matching("rest", "(bn1|layer[23]|fc)\\..*")), PARAMS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'layer1.0.conv1.weight' is in both groups 'convs' and 'layer1'");
        assertThatThrownBy(() -> GroupLayout.resolve(List.of(
                ParamGroup.matching("all", ".*"),
                ParamGroup.matching("ghost", "layer9\\..*")), PARAMS))
                .hasMessageContaining("'ghost' matches no parameter (patterns [layer9\\..*])");
        assertThatThrownBy(() -> GroupLayout.resolve(List.of(ParamGroup.matching("convs", ".*conv.*")), PARAMS))
                .hasMessageContaining("'bn1.weight' is in no group");
    }

    @Test
    void frozenKeepsThePatterns() {
        ParamGroup g = ParamGroup.matching("body", "layer.*").withFrozen(true);
        assertThat(g.frozen()).isTrue();
        assertThat(g.patterns()).containsExactly("layer.*");
        assertThat(g).isEqualTo(new ParamGroup("body", List.of(), List.of("layer.*"), true));
    }

    @Test
    void badGroupsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> ParamGroup.matching("body", "layer[1-4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter group 'body' has an invalid pattern 'layer[1-4'");
        assertThatThrownBy(() -> new ParamGroup("none", List.of(), List.of(), false))
                .hasMessage("parameter group 'none' has no prefixes and no patterns");
        assertThatThrownBy(() -> ParamGroup.of("x", "")).hasMessage("parameter group 'x' has an empty prefix");
        assertThatThrownBy(() -> ParamGroup.of(" ", "a")).hasMessage("a parameter group needs a name");
    }
}
