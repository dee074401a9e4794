package org.metalr.data.volume;

import java.nio.file.Path;
import org.metalr.data.BadInputException;

/**
 * A volume file or a volume data set that cannot be used: a bad NIfTI header, a wrong magic, an
 * unsupported data type, a truncated body, a volume whose segmentation is missing or has another shape.
 * The message always starts with the offending file, followed by the problem.
 *
 * <p>A {@link BadInputException} like the image layouts' errors, so callers handle bad 2D and 3D inputs
 * alike, and {@link org.metalr.data.ScanOptions#reject} can skip and count it. Unchecked, because it also
 * surfaces from batch iterators.
 */
public class VolumeDataException extends BadInputException {

    private static final long serialVersionUID = 1L;

    public VolumeDataException(Path file, String problem) {
        super(file, problem);
    }

    public VolumeDataException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
