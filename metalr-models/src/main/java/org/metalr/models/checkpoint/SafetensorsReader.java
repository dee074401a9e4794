package org.metalr.models.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.api.HostTensor;

/**
 * Reads {@code .safetensors} files: an 8-byte little-endian header length, a JSON header mapping each
 * tensor name to its {@code dtype}, {@code shape} and {@code data_offsets} (begin and end, relative
 * to the data section after the header) plus an optional {@code __metadata__} string map, then the
 * little-endian tensor bytes.
 *
 * <p>Types F32, F64, F16, BF16, I64, I32, I16, I8, U8 and BOOL are read; F16 and BF16 are widened to
 * float32, integers and booleans become int64.
 *
 * <p>{@link #read} throws {@link CheckpointException}, naming the file and (where one is concerned)
 * the tensor key, for a file too short to hold a header, a header length beyond the file or above
 * {@link #MAX_HEADER_BYTES}, a header that is not UTF-8 or not well-formed JSON or lacks a field, an
 * unsupported dtype, offsets outside the data section, and offsets whose span does not match the
 * shape. The whole header is validated before any tensor is read.
 */
public final class SafetensorsReader {

    /** Largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private SafetensorsReader() {}

    /** One tensor's header entry, validated. */
    private record Entry(String name, ElementType type, long[] shape, long begin, long end) {}

    /** Reads every tensor and the metadata of {@code file}. */
    public static SafetensorsFile read(Path file) throws CheckpointException {
        return read(file, null);
    }

    /** Each tensor's element type as the file stores it, from the header alone; in the file's order. */
    static Map<String, ElementType> storedTypes(Path file) throws CheckpointException {
        Map<String, ElementType> types = new LinkedHashMap<>();
        read(file, types);
        return types;
    }

    /** Reads {@code file}; with {@code typesOnly} given, only its header, into that map (and returns null). */
    private static SafetensorsFile read(Path file, Map<String, ElementType> typesOnly) throws CheckpointException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new CheckpointException(source, null, "too short for a safetensors header (" + size + " bytes)");
            }
            long headerLength = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw new CheckpointException(source, null, "implausible header length " + Long.toUnsignedString(headerLength)
                        + " (corrupt, or not a safetensors file)");
            }
            if (headerLength > size - 8) {
                throw new CheckpointException(source, null, "header length " + headerLength + " runs past the end of the file ("
                        + size + " bytes): truncated?");
            }
            String header = decodeUtf8(readFully(channel, 8, (int) headerLength), source);
            long dataStart = 8 + headerLength;
            long dataSize = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = parseHeader(header, source, dataSize, metadata);
            if (typesOnly != null) {
                entries.forEach(e -> typesOnly.put(e.name(), e.type()));
                return null;
            }
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer bytes = readFully(channel, dataStart + e.begin(), (int) (e.end() - e.begin()));
                tensors.put(e.name(), TensorDecoder.decode(bytes, e.type(), 0, e.shape(),
                        TensorDecoder.contiguousStrides(e.shape())));
            }
            return new SafetensorsFile(tensors, metadata);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(source, null, "no such file", e);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(source, null, "cannot be read: " + e, e);
        }
    }

    private static String decodeUtf8(ByteBuffer bytes, String source) throws CheckpointException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(source, null, "header is not valid UTF-8 (corrupt?)", e);
        }
    }

    private static List<Entry> parseHeader(String header, String source, long dataSize, Map<String, String> metadata)
            throws CheckpointException {
        Object parsed;
        try {
            parsed = SafetensorsJson.parse(header);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(source, null, "malformed JSON header: " + SafetensorsJson.describe(e), e);
        }
        if (!(parsed instanceof Map<?, ?> top)) {
            throw new CheckpointException(source, null, "header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> item : top.entrySet()) {
            String name = (String) item.getKey();
            if (name.equals("__metadata__")) {
                readMetadata(item.getValue(), source, metadata);
            } else {
                entries.add(entry(name, item.getValue(), source, dataSize));
            }
        }
        return entries;
    }

    private static void readMetadata(Object value, String source, Map<String, String> metadata) throws CheckpointException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new CheckpointException(source, null, "__metadata__ is not a JSON object");
        }
        for (Map.Entry<?, ?> m : map.entrySet()) {
            if (!(m.getValue() instanceof String s)) {
                throw new CheckpointException(source, null, "__metadata__ entry '" + m.getKey() + "' is not a string");
            }
            metadata.put((String) m.getKey(), s);
        }
    }

    private static Entry entry(String name, Object value, String source, long dataSize) throws CheckpointException {
        if (!(value instanceof Map<?, ?> info)) {
            throw new CheckpointException(source, name, "header entry is not a JSON object");
        }
        if (!(info.get("dtype") instanceof String dtype)) {
            throw new CheckpointException(source, name, "header entry lacks a string 'dtype'");
        }
        ElementType type = ElementType.forSafetensors(dtype);
        if (type == null) {
            throw new CheckpointException(source, name, "unsupported dtype '" + dtype + "'");
        }
        long[] shape = longs(info.get("shape"), -1, source, name, "shape");
        long[] offsets = longs(info.get("data_offsets"), 2, source, name, "data_offsets");
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataSize) {
            throw new CheckpointException(source, name, "data_offsets " + Arrays.toString(offsets)
                    + " lie outside the data section of " + dataSize + " bytes (truncated or corrupt?)");
        }
        long numel = TensorDecoder.arrayLength(shape);
        if (numel < 0) {
            throw new CheckpointException(source, name, "shape " + Arrays.toString(shape) + " has more elements than one Java array holds");
        }
        if (end - begin != numel * type.size) {
            throw new CheckpointException(source, name, "data_offsets " + Arrays.toString(offsets) + " span " + (end - begin)
                    + " bytes, but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + numel * type.size);
        }
        return new Entry(name, type, shape, begin, end);
    }

    /** A JSON array of non-negative integers, of length {@code length} unless that is negative. */
    private static long[] longs(Object value, int length, String source, String name, String field) throws CheckpointException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new CheckpointException(source, name, "'" + field + "' is missing or not "
                    + (length >= 0 ? "an array of " + length + " integers" : "an array of integers"));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                throw new CheckpointException(source, name, "'" + field + "' holds " + list.get(i) + ", not a non-negative integer");
            }
            out[i] = l;
        }
        return out;
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buffer.flip();
    }
}
