package org.metalr.data.image;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The image formats decoded here, recognised by their first bytes (the extension only decides which
 * files a folder scan looks at, and marks a DICOM file without the {@code DICM} prefix).
 */
public enum ImageFormat {
    PNG("png"),
    JPEG("jpeg"),
    BMP("bmp"),
    /** Read by {@link org.metalr.data.dicom.DicomImage}, not javax.imageio. */
    DICOM(null);

    /** Extensions of files a folder scan treats as images, lower case, without the dot. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "dcm", "dicom");

    /** Extensions of image files in formats not decoded here: reported as unsupported, never ignored. */
    public static final Set<String> UNSUPPORTED_EXTENSIONS =
            Set.of("gif", "tif", "tiff", "webp", "ppm", "pgm", "pbm", "heic", "jp2", "svg");

    private static final Set<String> DICOM_EXTENSIONS = Set.of("dcm", "dicom");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The format name javax.imageio knows it by (null for DICOM). */
    String imageIoName() {
        return imageIoName;
    }

    /** The format whose signature {@code head} starts with, if any. */
    public static Optional<ImageFormat> sniff(byte[] head) {
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 'B', 'M')) {
            return Optional.of(BMP);
        }
        if (head.length >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            return Optional.of(DICOM);
        }
        return Optional.empty();
    }

    /**
     * The format of a file: by its signature, else DICOM for a {@code .dcm} or {@code .dicom} file
     * (a DICOM file may lack the 128-byte preamble and {@code DICM} prefix).
     */
    static Optional<ImageFormat> of(byte[] head, String fileName) {
        Optional<ImageFormat> sniffed = sniff(head);
        return sniffed.isPresent() || !DICOM_EXTENSIONS.contains(extension(fileName)) ? sniffed : Optional.of(DICOM);
    }

    /** A name for an unsupported format recognised by its signature, for error messages. */
    static String describeUnsupported(byte[] head) {
        if (startsWith(head, 'G', 'I', 'F', '8')) {
            return "GIF";
        }
        if (startsWith(head, 'I', 'I', 0x2A, 0) || startsWith(head, 'M', 'M', 0, 0x2A)) {
            return "TIFF";
        }
        if (startsWith(head, 'R', 'I', 'F', 'F') && head.length >= 12 && head[8] == 'W' && head[9] == 'E') {
            return "WebP";
        }
        if (head.length >= 2 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6') {
            return "PNM";
        }
        return null;
    }

    /** The lower-case extension of a file name, or "" if it has none. */
    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] b, int... sig) {
        if (b.length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[i] & 0xFF) != sig[i]) {
                return false;
            }
        }
        return true;
    }
}
