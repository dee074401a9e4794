package org.metalr.data.volume;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The fields of a NIfTI-1 header that locate, decode and scale the voxels. Immutable; array accessors
 * return copies.
 */
public final class NiftiHeader {

    /** Size of a NIfTI-1 header; the {@code sizeof_hdr} field must hold it. */
    public static final int SIZE = 348;
    /** Offset of the first voxel in a single {@code .nii} file when no extension follows the header. */
    public static final int SINGLE_FILE_OFFSET = 352;

    private static final int NIFTI2_SIZE = 540;

    private final ByteOrder byteOrder;
    private final String magic;
    private final int[] dims;
    private final float[] pixdim;
    private final NiftiDataType dataType;
    private final int bitpix;
    private final long voxOffset;
    private final float sclSlope;
    private final float sclInter;
    private final int xyztUnits;
    private final String description;

    NiftiHeader(ByteOrder byteOrder, String magic, int[] dims, float[] pixdim, NiftiDataType dataType,
            int bitpix, long voxOffset, float sclSlope, float sclInter, int xyztUnits, String description) {
        this.byteOrder = byteOrder;
        this.magic = magic;
        this.dims = dims.clone();
        this.pixdim = pixdim.clone();
        this.dataType = dataType;
        this.bitpix = bitpix;
        this.voxOffset = voxOffset;
        this.sclSlope = sclSlope;
        this.sclInter = sclInter;
        this.xyztUnits = xyztUnits;
        this.description = description;
    }

    /**
     * Parses the first {@link #SIZE} bytes of a header.
     *
     * @param file  named in error messages
     * @param bytes at least {@link #SIZE} bytes
     * @throws VolumeDataException when {@code sizeof_hdr} is not 348 in either byte order (NIfTI-2
     *         included), the magic is neither {@code n+1} nor {@code ni1}, the dimensions are out of range,
     *         the data type is unsupported or {@code vox_offset} is impossible
     */
    static NiftiHeader parse(Path file, byte[] bytes) throws VolumeDataException {
        if (bytes.length < SIZE) {
            throw new VolumeDataException(file,
                    "truncated header: " + bytes.length + " bytes, a NIfTI-1 header has " + SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, SIZE);
        // sizeof_hdr is 348 in the writer's byte order, which is how the byte order is told.
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        int sizeof = b.order(order).getInt(0);
        if (sizeof != SIZE) {
            order = ByteOrder.BIG_ENDIAN;
            sizeof = b.order(order).getInt(0);
        }
        if (sizeof != SIZE) {
            int little = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            if (little == NIFTI2_SIZE || sizeof == NIFTI2_SIZE) {
                throw new VolumeDataException(file, "bad header: NIfTI-2 (sizeof_hdr 540) is not supported");
            }
            throw new VolumeDataException(file, "bad header: sizeof_hdr is " + little
                    + " (little-endian) / " + sizeof + " (big-endian), expected 348; not a NIfTI-1 file");
        }
        b.order(order);

        String magic = magicOf(bytes);
        if (!magic.equals("n+1") && !magic.equals("ni1")) {
            throw new VolumeDataException(file, "wrong magic " + printable(bytes, 344, 4)
                    + ", expected \"n+1\" or \"ni1\" (Analyze 7.5 files are not supported)");
        }

        int ndim = b.getShort(40);
        if (ndim < 1 || ndim > 7) {
            throw new VolumeDataException(file, "bad header: dim[0] is " + ndim + ", expected 1 to 7");
        }
        int[] dims = new int[ndim];
        float[] pixdim = new float[ndim];
        long voxels = 1;
        for (int i = 0; i < ndim; i++) {
            dims[i] = b.getShort(42 + 2 * i);
            if (dims[i] < 1) {
                throw new VolumeDataException(file, "bad header: dim[" + (i + 1) + "] is " + dims[i]);
            }
            pixdim[i] = b.getFloat(80 + 4 * i);
            voxels *= dims[i];
        }
        // Voxels land in one Java array.
        if (voxels > Integer.MAX_VALUE - 8) {
            throw new VolumeDataException(file, "too large: " + voxels + " voxels in " + Arrays.toString(dims));
        }

        int code = b.getShort(70);
        NiftiDataType type = NiftiDataType.ofCode(code);
        if (type == null) {
            throw new VolumeDataException(file, "unsupported datatype " + NiftiDataType.describe(code)
                    + "; supported: uint8, int8, int16, uint16, int32, float32, float64");
        }
        int bitpix = b.getShort(72);

        float offset = b.getFloat(108);
        if (!Float.isFinite(offset) || offset < 0) {
            throw new VolumeDataException(file, "bad header: vox_offset is " + offset);
        }
        // A single file's voxels follow the header; 348 is tolerated as some old writers used it.
        if (magic.equals("n+1") && offset < SIZE) {
            throw new VolumeDataException(file,
                    "bad header: vox_offset " + offset + " lies inside the header (expected >= 352)");
        }

        String description = new String(bytes, 148, 80, StandardCharsets.ISO_8859_1);
        int nul = description.indexOf('\0');
        description = (nul >= 0 ? description.substring(0, nul) : description).trim();

        return new NiftiHeader(order, magic, dims, pixdim, type, bitpix, (long) offset,
                b.getFloat(112), b.getFloat(116), bytes[123] & 0xFF, description);
    }

    private static String magicOf(byte[] bytes) {
        if (bytes[347] != 0) {
            return "";
        }
        return new String(bytes, 344, 3, StandardCharsets.ISO_8859_1);
    }

    private static String printable(byte[] bytes, int from, int length) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = from; i < from + length; i++) {
            int c = bytes[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02x", c));
            }
        }
        return s.append('"').toString();
    }

    /** The byte order of the header and the voxels. */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** {@code "n+1"} for a single {@code .nii} file, {@code "ni1"} for a {@code .hdr}/{@code .img} pair. */
    public String magic() {
        return magic;
    }

    /** Whether the voxels follow the header in the same file. */
    public boolean isSingleFile() {
        return magic.equals("n+1");
    }

    /** The extent of each dimension, {@code dim[1..dim[0]]}; x first. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of dimensions, {@code dim[0]}. */
    public int rank() {
        return dims.length;
    }

    /** The extent of dimension {@code i} (0 = x), 1 beyond the rank. */
    public int dim(int i) {
        return i < dims.length ? dims[i] : 1;
    }

    /** The raw grid spacings {@code pixdim[1..dim[0]]} (mm for x, y, z in the usual units). */
    public float[] pixdim() {
        return pixdim.clone();
    }

    /**
     * The x, y, z voxel size as absolute values of {@code pixdim[1..3]}; 1 for a dimension beyond the rank
     * or whose spacing is zero or not finite.
     */
    public double[] spacing() {
        double[] s = new double[3];
        for (int i = 0; i < 3; i++) {
            double p = i < pixdim.length ? Math.abs(pixdim[i]) : 1;
            s[i] = p > 0 && Double.isFinite(p) ? p : 1;
        }
        return s;
    }

    public NiftiDataType dataType() {
        return dataType;
    }

    /** The {@code bitpix} field as stored; the data type decides the decoding. */
    public int bitpix() {
        return bitpix;
    }

    /** Byte offset of the first voxel in the data file. */
    public long voxOffset() {
        return voxOffset;
    }

    public float sclSlope() {
        return sclSlope;
    }

    public float sclInter() {
        return sclInter;
    }

    /**
     * Whether stored values are mapped through {@code slope * v + inter}: the slope is finite and not 0
     * (a slope of 0 or NaN means unscaled, as the NIfTI-1 standard says), and the map is not the identity.
     */
    public boolean hasScaling() {
        return Float.isFinite(sclSlope) && sclSlope != 0
                && (sclSlope != 1 || (Float.isFinite(sclInter) && sclInter != 0));
    }

    /** The {@code xyzt_units} code. */
    public int xyztUnits() {
        return xyztUnits;
    }

    /** The {@code descrip} text. */
    public String description() {
        return description;
    }

    /** Number of voxels over all dimensions. */
    public int voxelCount() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return (int) n;
    }

    /** Number of voxel bytes after {@code vox_offset}. */
    public long dataBytes() {
        return (long) voxelCount() * dataType.bytes();
    }

    @Override
    public String toString() {
        return "NiftiHeader[" + magic + " " + dataType.name().toLowerCase(Locale.ROOT) + " "
                + Arrays.toString(dims) + " spacing " + Arrays.toString(pixdim) + " " + byteOrder
                + " offset " + voxOffset + " slope " + sclSlope + " inter " + sclInter + "]";
    }
}
