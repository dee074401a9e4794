package org.metalr.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupRulesTest {

    @Test
    void rulesBecomeGroupsInTheirOrder() {
        List<ParamGroup> groups = GroupRules.parse("""
                stem: conv1 bn1
                body (frozen): /layer[1-4]\\..*/ extra
                ; fc: fc ;
                """);
        assertThat(groups).containsExactly(
                ParamGroup.of("stem", "conv1", "bn1"),
                new ParamGroup("body", List.of("extra"), List.of("layer[1-4]\\..*"), true),
                ParamGroup.of("fc", "fc"));
    }

    @Test
    void parsedGroupsPartitionAModel() {
        List<TensorInfo> params = List.of(
                new TensorInfo("01Conv2d.weight", new long[] {4, 3, 3, 3}),
                new TensorInfo("02BatchNorm.gamma", new long[] {4}),
                new TensorInfo("04Conv2d.weight", new long[] {4, 4, 3, 3}),
                new TensorInfo("07Linear.weight", new long[] {3, 4}));
        GroupLayout layout = GroupLayout.resolve(
                GroupRules.parse("stem: 01Conv2d 02BatchNorm; body: /0[3-6].*/; head: 07Linear"), params);
        assertThat(layout.groupNames()).containsExactly("stem", "body", "head");
        assertThat(new int[] {layout.groupOf(0), layout.groupOf(1), layout.groupOf(2), layout.groupOf(3)})
                .containsExactly(0, 0, 1, 2);
    }

    @Test
    void formatReadsBack() {
        List<ParamGroup> groups = List.of(
                ParamGroup.of("stem", "conv1", "bn1"),
                new ParamGroup("body", List.of("layer1"), List.of("layer[2-4]\\..*", "(?!fc\\.).*x"), true),
                ParamGroup.matching("fc", "fc\\..*"));
        String text = GroupRules.format(groups);
        assertThat(text).isEqualTo("stem: conv1 bn1; body (frozen): layer1 /layer[2-4]\\..*/ /(?!fc\\.).*x/; fc: /fc\\..*/");
        assertThat(GroupRules.parse(text)).isEqualTo(groups);
    }

    @Test
    void malformedRulesAreNamed() {
        assertThatThrownBy(() -> GroupRules.parse("stem conv1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group rule 'stem conv1' lacks ':' (expected 'name: member ...')");
        assertThatThrownBy(() -> GroupRules.parse("stem: conv1; : fc")).hasMessage("group rule ': fc' has no group name");
        assertThatThrownBy(() -> GroupRules.parse("stem: ; fc: fc"))
                .hasMessage("group rule 'stem:' lists no prefix or /pattern/");
        assertThatThrownBy(() -> GroupRules.parse("a: x; a: y")).hasMessage("group rule 'a: y' repeats the group name 'a'");
        assertThatThrownBy(() -> GroupRules.parse("body: /layer[1/"))
                .hasMessageContaining("parameter group 'body' has an invalid pattern 'layer[1'");
        assertThatThrownBy(() -> GroupRules.parse(" ;\n ")).hasMessageContaining("no group rules");
    }

    @Test
    void groupsThatTextCannotCarryAreRefused() {
        assertThatThrownBy(() -> GroupRules.format(List.of(ParamGroup.matching("a", "x y"))))
                .hasMessage("member 'x y' of group 'a' cannot be written as a rule");
        assertThatThrownBy(() -> GroupRules.format(List.of(ParamGroup.of("a:b", "x"))))
                .hasMessage("group name 'a:b' cannot be written as a rule");
        assertThatThrownBy(() -> GroupRules.format(List.of(ParamGroup.of("a", "/x/"))))
                .hasMessage("prefix '/x/' of group 'a' would read back as a pattern");
    }
}
