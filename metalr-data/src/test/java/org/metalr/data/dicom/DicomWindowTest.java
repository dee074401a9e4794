package org.metalr.data.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metalr.api.UserInputException;

class DicomWindowTest {

    @Test
    void parsesCenterCommaWidthAsALinearWindow() {
        assertThat(DicomWindow.parse("40,400")).isEqualTo(DicomWindow.linear(40, 400));
        assertThat(DicomWindow.parse(" -600.5 , 1500 ")).isEqualTo(new DicomWindow(-600.5, 1500, DicomWindow.Function.LINEAR));
    }

    @ParameterizedTest
    @ValueSource(strings = {"40", "40,", ",400", "40,400,1", "a,b", "40;400", ""})
    void refusesWhatIsNotTwoNumbers(String text) {
        assertThatThrownBy(() -> DicomWindow.parse(text)).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("DICOM window '" + text + "': ")
                .hasMessageEndingWith("expected CENTER,WIDTH with WIDTH >= 1, e.g. 40,400");
    }

    @Test
    void refusesALinearWidthBelowOne() {
        assertThatThrownBy(() -> DicomWindow.parse("40,0.5")).isInstanceOf(UserInputException.class)
                .hasMessage("DICOM window '40,0.5': window width must be at least 1 for LINEAR, got 0.5; "
                        + "expected CENTER,WIDTH with WIDTH >= 1, e.g. 40,400");
        assertThatThrownBy(() -> new DicomWindow(0, 0, DicomWindow.Function.SIGMOID)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DicomWindow.linear(Double.NaN, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linearFollowsTheStandardsBoundaries() {
        // PS3.3 C.11.2.1.2.1 with center 40, width 400: 0 at or below 40 - 0.5 - 199.5 = -160, 1 above 239
        DicomWindow w = DicomWindow.linear(40, 400);
        assertThat(w.apply(-160)).isZero();
        assertThat(w.apply(-159.999)).isPositive();
        assertThat(w.apply(239)).isCloseTo(1, within(1e-12));
        assertThat(w.apply(239.001)).isEqualTo(1);
        assertThat(w.apply(39.5)).isEqualTo(0.5);
        // width 1: a threshold at center - 0.5
        DicomWindow step = DicomWindow.linear(10, 1);
        assertThat(step.apply(9.5)).isZero();
        assertThat(step.apply(9.5001)).isEqualTo(1);
    }

    @Test
    void linearExactAndSigmoidFollowTheStandard() {
        DicomWindow exact = new DicomWindow(40, 400, DicomWindow.Function.LINEAR_EXACT);
        assertThat(exact.apply(-160)).isZero();
        assertThat(exact.apply(40)).isEqualTo(0.5);
        assertThat(exact.apply(140)).isEqualTo(0.75);
        DicomWindow sigmoid = new DicomWindow(40, 400, DicomWindow.Function.SIGMOID);
        assertThat(sigmoid.apply(40)).isEqualTo(0.5);
        assertThat(sigmoid.apply(140)).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-15));
    }

    @Test
    void printsAsTheOptionIsWritten() {
        assertThat(DicomWindow.parse("40,400")).hasToString("40,400");
        assertThat(DicomWindow.parse("-0.5,1.25")).hasToString("-0.5,1.25");
        assertThat(DicomWindow.parse(DicomWindow.parse("-0.5,1.25").toString())).isEqualTo(DicomWindow.parse("-0.5,1.25"));
        assertThat(new DicomWindow(1, 2, DicomWindow.Function.SIGMOID)).hasToString("1,2 (SIGMOID)");
    }
}
