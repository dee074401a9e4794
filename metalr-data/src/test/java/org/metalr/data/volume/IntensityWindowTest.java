package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntensityWindowTest {

    @Test
    void modelsGenesisClipsHuToPlusMinusThousandAndScalesToUnitRange() {
        IntensityWindow w = IntensityWindow.MODELS_GENESIS_CT;
        assertThat(w.apply(-3024f)).isZero();
        assertThat(w.apply(-1000f)).isZero();
        assertThat(w.apply(0f)).isEqualTo(0.5f);
        assertThat(w.apply(500f)).isEqualTo(0.75f);
        assertThat(w.apply(1000f)).isEqualTo(1f);
        assertThat(w.apply(3071f)).isEqualTo(1f);
        assertThat(w.apply(Float.NaN)).isZero();
    }

    @Test
    void customWindowOnAVolume() {
        Volume v = new Volume(2, 1, 1, new float[] {40, 90}, new double[] {1, 1, 2});
        Volume out = new IntensityWindow(-160, 240).apply(v);
        assertThat(out.toArray()).containsExactly(0.5f, 0.625f);
        assertThat(out.spacing()).containsExactly(1, 1, 2);
        assertThat(v.toArray()).containsExactly(40f, 90f);
        assertThatThrownBy(() -> new IntensityWindow(5, 5)).hasMessageContaining("min < max");
    }
}
