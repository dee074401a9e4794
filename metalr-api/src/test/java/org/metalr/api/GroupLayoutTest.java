package org.metalr.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupLayoutTest {

    private static final List<TensorInfo> PARAMS = List.of(
            new TensorInfo("conv1.weight", new long[] {4, 3, 3, 3}),
            new TensorInfo("bn1.weight", new long[] {4}),
            new TensorInfo("layer1.0.conv1.weight", new long[] {4, 4, 3, 3}),
            new TensorInfo("layer1.01.conv1.weight", new long[] {4, 4, 3, 3}),
            new TensorInfo("fc.weight", new long[] {3, 4}),
            new TensorInfo("fc.bias", new long[] {3}));

    @Test
    void prefixesMatchWholeNameComponents() {
        GroupLayout layout = GroupLayout.resolve(List.of(
                ParamGroup.of("stem", "conv1", "bn1"),
                ParamGroup.of("layer1.0", "layer1.0"),
                ParamGroup.of("layer1.01", "layer1.01"),
                ParamGroup.of("fc", "fc").withFrozen(true)), PARAMS);
        assertThat(new int[] {layout.groupOf(0), layout.groupOf(1), layout.groupOf(2), layout.groupOf(3),
            layout.groupOf(4), layout.groupOf(5)}).containsExactly(0, 0, 1, 2, 3, 3);
        assertThat(layout.trainableMask()).containsExactly(true, true, true, true, false, false);
        assertThat(layout.perParameter(new double[] {1, 2, 3, 4})).containsExactly(1, 1, 2, 3, 0, 0);
        assertThat(layout.sumPerGroup(new double[] {1, 2, 3, 4, 5, 6})).containsExactly(3, 3, 4, 11);
    }

    @Test
    void aParameterOutsideEveryGroupIsNamed() {
        assertThatThrownBy(() -> GroupLayout.resolve(List.of(ParamGroup.of("stem", "conv1", "bn1")), PARAMS))
                .hasMessageContaining("'layer1.0.conv1.weight' is in no group");
    }

    @Test
    void overlappingGroupsAreRejected() {
        assertThatThrownBy(() -> GroupLayout.resolve(List.of(
                ParamGroup.of("a", "conv1", "bn1", "layer1.0", "layer1.01", "fc"),
                ParamGroup.of("b", "fc")), PARAMS))
                .hasMessageContaining("'fc.weight' is in both groups 'a' and 'b'");
    }

    @Test
    void aGroupWithoutParametersIsRejected() {
        assertThatThrownBy(() -> GroupLayout.resolve(List.of(
                ParamGroup.of("all", "conv1", "bn1", "layer1.0", "layer1.01", "fc"),
                ParamGroup.of("ghost", "layer9")), PARAMS))
                .hasMessageContaining("'ghost' matches no parameter");
    }
}
