package org.metalr.models.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.HostTensor;
import org.metalr.api.io.AtomicFiles;

/**
 * Writes {@code .safetensors} files, the project's format for fine-tuned weights, as the format's
 * specification (and so {@code safetensors.torch.load_file}) expects: float32 tensors as F32,
 * float64 as F64, int64 as I64; the header padded with spaces to a multiple of 8 bytes; tensor data
 * contiguous, without gaps, ordered by element size (largest first, then as given) so that every
 * tensor starts at a multiple of its element size. The header lists the tensors in the order given,
 * which {@link SafetensorsReader} preserves.
 *
 * <p>The file is written atomically through {@link AtomicFiles} (temporary file in the same
 * directory, forced to disk, renamed over the target), so readers never see a half-written
 * checkpoint and a failed write leaves an existing file untouched.
 */
public final class SafetensorsWriter {

    private static final int CHUNK = 1 << 20;

    private SafetensorsWriter() {}

    /** Writes {@code tensors} without metadata; see {@link #write(Path, Map, Map)}. */
    public static void write(Path file, Map<String, HostTensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} (in iteration order) and {@code metadata} (in key order) to {@code file},
     * replacing it: the same tensors and metadata give the same bytes.
     *
     * @throws IllegalArgumentException if a name is empty or {@code __metadata__}
     * @throws NullPointerException     if a name, tensor, metadata key or value is null
     * @throws IOException              "cannot write FILE: CAUSE" if the file cannot be written (a full disk,
     *                                  a missing directory: the environment's failure, not the user's input);
     *                                  the target is then unchanged
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] header = header(tensors, metadata);
        Path dir = file.toAbsolutePath().getParent();
        String source = file.toString();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + source + ": directory " + dir + " does not exist");
        }
        AtomicFiles.write(file, out -> {
            WritableByteChannel channel = Channels.newChannel(out);
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            writeFully(channel, prefix);
            writeFully(channel, ByteBuffer.wrap(header));
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, HostTensor> e : dataOrder(tensors)) {
                writeData(channel, buffer, e.getValue());
            }
        });
    }

    /** Tensors in the order their bytes are laid out: element size descending, stable. */
    private static List<Map.Entry<String, HostTensor>> dataOrder(Map<String, HostTensor> tensors) {
        List<Map.Entry<String, HostTensor>> order = new ArrayList<>(tensors.entrySet());
        order.sort(Comparator.comparingInt(e -> -ElementType.of(e.getValue().kind()).size));
        return order;
    }

    private static byte[] header(Map<String, HostTensor> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "tensor name");
            Objects.requireNonNull(e.getValue(), "tensor " + name);
            if (name.isEmpty() || name.equals("__metadata__")) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "'");
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            // sorted: a Map.of's order differs from one JVM to the next, and a resumed run's files must equal
            // those of a run never stopped, whichever process wrote them
            Map<String, Object> meta = new java.util.TreeMap<>();
            metadata.forEach((k, v) -> meta.put(Objects.requireNonNull(k, "metadata key"),
                    Objects.requireNonNull(v, "metadata value of " + k)));
            json.put("__metadata__", meta);
        }
        Map<String, long[]> offsets = new LinkedHashMap<>();
        long at = 0;
        for (Map.Entry<String, HostTensor> e : dataOrder(tensors)) {
            long bytes = e.getValue().numel() * ElementType.of(e.getValue().kind()).size;
            offsets.put(e.getKey(), new long[] {at, at + bytes});
            at += bytes;
        }
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            String name = e.getKey();
            HostTensor t = e.getValue();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", ElementType.of(t.kind()).safetensorsName);
            info.put("shape", t.shape());
            info.put("data_offsets", offsets.get(name));
            json.put(name, info);
        }
        byte[] text = SafetensorsJson.write(json);
        // pad with spaces so the data section starts 8-byte aligned (the header length prefix is 8)
        int padded = (text.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(text, 0, out, 0, text.length);
        for (int i = text.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    private static void writeData(WritableByteChannel channel, ByteBuffer buffer, HostTensor t) throws IOException {
        buffer.clear();
        switch (t.kind()) {
            case FLOAT32:
                for (float v : t.toFloatArray()) {
                    if (buffer.remaining() < 8) {
                        flush(channel, buffer);
                    }
                    buffer.putFloat(v);
                }
                break;
            case FLOAT64:
                for (double v : t.toDoubleArray()) {
                    if (buffer.remaining() < 8) {
                        flush(channel, buffer);
                    }
                    buffer.putDouble(v);
                }
                break;
            default:
                for (long v : t.toLongArray()) {
                    if (buffer.remaining() < 8) {
                        flush(channel, buffer);
                    }
                    buffer.putLong(v);
                }
        }
        flush(channel, buffer);
    }

    private static void flush(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        buffer.flip();
        writeFully(channel, buffer);
        buffer.clear();
    }

    private static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
