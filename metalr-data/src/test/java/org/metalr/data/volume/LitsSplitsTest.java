package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LitsSplitsTest {

    private static List<LitsCase> cases(int n) {
        List<LitsCase> out = new ArrayList<>();
        for (int id = n - 1; id >= 0; id--) { // any order in, case order out
            out.add(new LitsCase(id * 3, Path.of("volume-" + id * 3 + ".nii"), Path.of("segmentation-" + id * 3 + ".nii")));
        }
        return out;
    }

    private static List<Integer> ids(List<LitsCase> cases) {
        return cases.stream().map(LitsCase::id).toList();
    }

    @Test
    void casesAreDealtToExactlyOneSetBySeed() {
        List<LitsCase> all = cases(10);
        LitsSplits s = LitsSplits.byCase(all, 0.2, 0.3, 7);
        assertThat(s.test()).hasSize(3);
        assertThat(s.metaValidation()).hasSize(2);
        assertThat(s.train()).hasSize(5);
        Set<Integer> union = new HashSet<>(ids(s.train()));
        union.addAll(ids(s.metaValidation()));
        union.addAll(ids(s.test()));
        assertThat(union).hasSize(10).containsExactlyInAnyOrderElementsOf(ids(all));
        assertThat(ids(s.train())).isSorted();
        assertThat(ids(s.test())).isSorted();

        assertThat(LitsSplits.byCase(all, 0.2, 0.3, 7)).isEqualTo(s);
        List<LitsCase> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        assertThat(LitsSplits.byCase(reversed, 0.2, 0.3, 7)).as("input order does not matter").isEqualTo(s);
        boolean anyOther = false;
        for (long seed = 8; seed < 12; seed++) {
            anyOther |= !LitsSplits.byCase(all, 0.2, 0.3, seed).equals(s);
        }
        assertThat(anyOther).isTrue();
    }

    @Test
    void smallFractionsStillHoldOutOneCase() {
        LitsSplits s = LitsSplits.byCase(cases(3), 0.01, 0.01, 1);
        assertThat(s.train()).hasSize(1);
        assertThat(s.metaValidation()).hasSize(1);
        assertThat(s.test()).hasSize(1);
    }

    @Test
    void badFractionsAndOverlapsAreRejected() {
        assertThatThrownBy(() -> LitsSplits.byCase(cases(10), 1.0, 0.2, 1)).hasMessage(
                "meta-validation fraction must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> LitsSplits.byCase(cases(10), 0.2, -0.1, 1)).hasMessageContaining("test fraction");
        assertThatThrownBy(() -> LitsSplits.byCase(cases(10), 0.5, 0.5, 1)).hasMessageContaining(
                "cannot split 10 LiTS case(s)").hasMessageContaining("each set needs at least one case");
        assertThatThrownBy(() -> LitsSplits.byCase(cases(10), 0, 0.2, 1)).hasMessageContaining("meta-validation (fraction 0.0, 0 case(s))");
        assertThatThrownBy(() -> LitsSplits.byCase(cases(2), 0.2, 0.2, 1)).hasMessageContaining("cannot split 2");
        List<LitsCase> c = cases(3);
        assertThatThrownBy(() -> new LitsSplits(c.subList(0, 2), c.subList(1, 2), c.subList(2, 3)))
                .hasMessage("LiTS case 3 is in the train and the meta-validation sets");
    }
}
