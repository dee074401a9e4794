package org.metalr.data.dicom;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.metalr.data.BadInputException;

/**
 * The transfer syntaxes whose pixel data is stored uncompressed ("native"), the ones this package reads.
 * Encapsulated (compressed) syntaxes are refused by {@link #of}, naming the syntax.
 */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false);

    /** Names of the encapsulated syntaxes most often met, for the refusal message. */
    private static final Map<String, String> ENCAPSULATED = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian"),
            Map.entry("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
            Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
            Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
            Map.entry("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)"),
            Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000"),
            Map.entry("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component"),
            Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000"),
            Map.entry("1.2.840.10008.1.2.5", "RLE Lossless"));

    private final String uid;
    private final String title;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final boolean deflated;

    TransferSyntax(String uid, String title, boolean explicitVr, boolean bigEndian, boolean deflated) {
        this.uid = uid;
        this.title = title;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
    }

    /** The UID, as stored in (0002,0010). */
    public String uid() {
        return uid;
    }

    public boolean explicitVr() {
        return explicitVr;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    /** The data set after the file meta information is a raw deflate stream. */
    public boolean deflated() {
        return deflated;
    }

    /**
     * The native syntax with this UID (trailing NUL or space padding ignored).
     *
     * @throws BadInputException naming {@code file} and the syntax if it is compressed or unknown
     */
    public static TransferSyntax of(String uid, Path file) {
        String u = uid.strip().replace("\0", "");
        for (TransferSyntax ts : values()) {
            if (ts.uid.equals(u)) {
                return ts;
            }
        }
        String name = ENCAPSULATED.get(u);
        if (name == null && u.startsWith("1.2.840.10008.1.2.4.")) {
            name = "compressed";
        }
        if (name != null) {
            throw new BadInputException(file, "compressed DICOM pixel data is not supported: transfer syntax " + u
                    + " (" + name + "); only the uncompressed syntaxes are read (" + supportedList()
                    + "); decompress the file first, e.g. with gdcmconv --raw or dcmdjpeg");
        }
        throw new BadInputException(file, "unknown DICOM transfer syntax '" + u + "'; supported are " + supportedList());
    }

    private static String supportedList() {
        return Arrays.stream(values()).map(TransferSyntax::toString).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return title + " (" + uid + ")";
    }
}
