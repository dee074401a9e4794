package org.metalr.data.dicom;

/** The photometric interpretations (0028,0004) read here. */
public enum Photometric {
    /** Grey, the lowest value shown black. */
    MONOCHROME2(1),
    /** Grey, the lowest value shown white: rendered inverted, after windowing. */
    MONOCHROME1(1),
    /** Red, green and blue samples. */
    RGB(3);

    private final int samplesPerPixel;

    Photometric(int samplesPerPixel) {
        this.samplesPerPixel = samplesPerPixel;
    }

    /** The (0028,0002) Samples per Pixel this interpretation needs. */
    public int samplesPerPixel() {
        return samplesPerPixel;
    }

    public boolean monochrome() {
        return this != RGB;
    }
}
