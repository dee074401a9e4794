package org.metalr.data.volume;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One LiTS case: {@code volume-N.nii[.gz]} and its {@code segmentation-N.nii[.gz]}.
 *
 * @param id           the number N in both names
 * @param volume       the CT volume in Hounsfield units
 * @param segmentation the labels: 0 background, 1 liver, 2 tumour
 */
public record LitsCase(int id, Path volume, Path segmentation) {

    public LitsCase {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(segmentation, "segmentation");
    }
}
