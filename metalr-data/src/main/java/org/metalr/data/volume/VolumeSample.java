package org.metalr.data.volume;

import org.metalr.api.HostTensor;

/**
 * One training crop: the image and its liver label, both float32 {@code [1, X, Y, Z]} (channel, then x, y,
 * z with z fastest, as Models Genesis feeds {@code (1, 64, 64, 32)}), and how it was drawn.
 *
 * @param image             windowed CT values
 * @param label             1 for liver or tumour, else 0 (also 0 for padding)
 * @param caseId            the LiTS case it was cut from
 * @param box               where in the volume, before flipping
 * @param flips             the mirroring applied to image and label
 * @param foregroundCentred whether the box was placed around a foreground voxel
 */
public record VolumeSample(HostTensor image, HostTensor label, int caseId, CropBox box, Flips flips,
        boolean foregroundCentred) {
}
