package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;

/** Access to the committed fixtures (see src/test/python/make_checkpoint_fixtures.py) and helpers. */
final class Fixtures {

    private static Map<String, Object> expected;

    private Fixtures() {}

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/checkpoints/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    /** A JSON reader independent of the one under test: integers as Long, objects in file order. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();

    /** expected.json's records (dtype, shape, values) of one fixture file, by tensor name. */
    @SuppressWarnings("unchecked")
    static synchronized Map<String, Map<String, Object>> expected(String file) {
        if (expected == null) {
            try {
                expected = JSON.readValue(path("expected.json").toFile(), Map.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, Map<String, Object>> records = (Map<String, Map<String, Object>>) expected.get(file);
        if (records == null) {
            throw new IllegalStateException("expected.json has no records of " + file);
        }
        return records;
    }

    /** The names and shapes of a fixture's tensors, as a model would list them. */
    static List<TensorInfo> infos(String file) {
        List<TensorInfo> out = new ArrayList<>();
        expected(file).forEach((name, record) -> out.add(new TensorInfo(name, shape(record))));
        return out;
    }

    static long[] shape(Map<String, Object> record) {
        List<?> dims = (List<?>) record.get("shape");
        return dims.stream().mapToLong(d -> (Long) d).toArray();
    }

    /** Asserts kind, shape and bit-exact values against an expected.json record. */
    static void assertTensor(String label, HostTensor actual, Map<String, Object> record) {
        String dtype = (String) record.get("dtype");
        HostTensor.Kind kind = switch (dtype) {
            case "float32", "float16", "bfloat16" -> HostTensor.Kind.FLOAT32;
            case "float64" -> HostTensor.Kind.FLOAT64;
            default -> HostTensor.Kind.INT64;
        };
        assertThat(actual.kind()).as(label + " kind").isEqualTo(kind);
        assertThat(actual.shape()).as(label + " shape").containsExactly(shape(record));
        List<?> values = (List<?>) record.get("values");
        assertThat(actual.numel()).as(label + " numel").isEqualTo(values.size());
        switch (kind) {
            case FLOAT32: {
                float[] a = actual.toFloatArray();
                for (int i = 0; i < a.length; i++) {
                    float e = (float) number(values.get(i));
                    assertThat(Float.floatToIntBits(a[i])).as(label + "[" + i + "] = " + a[i] + ", expected " + e)
                            .isEqualTo(Float.floatToIntBits(e));
                }
                break;
            }
            case FLOAT64: {
                double[] a = actual.toDoubleArray();
                for (int i = 0; i < a.length; i++) {
                    assertThat(a[i]).as(label + "[" + i + "]").isEqualTo(number(values.get(i)));
                }
                break;
            }
            default: {
                long[] a = actual.toLongArray();
                for (int i = 0; i < a.length; i++) {
                    assertThat(a[i]).as(label + "[" + i + "]").isEqualTo((Long) values.get(i));
                }
            }
        }
    }

    private static double number(Object v) {
        if (v instanceof String s) {
            return switch (s) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.NaN;
            };
        }
        return ((Number) v).doubleValue();
    }

    /**
     * Asserts that two trees as {@link TorchCheckpointReader#readObject} returns them are equal: the same
     * structure, keys in the same order, the same plain values, tensors of the same kind and shape with
     * bit-identical values.
     */
    static void assertSameTree(String path, Object expected, Object actual) {
        if (expected instanceof HostTensor e) {
            assertThat(actual).as(path).isInstanceOf(HostTensor.class);
            HostTensor a = (HostTensor) actual;
            assertThat(a.kind()).as(path + " kind").isEqualTo(e.kind());
            assertThat(a.shape()).as(path + " shape").containsExactly(e.shape());
            switch (e.kind()) {
                case FLOAT32 -> assertThat(bits(a.toFloatArray())).as(path).containsExactly(bits(e.toFloatArray()));
                case FLOAT64 -> assertThat(a.toDoubleArray()).as(path).containsExactly(e.toDoubleArray());
                default -> assertThat(a.toLongArray()).as(path).containsExactly(e.toLongArray());
            }
        } else if (expected instanceof Map<?, ?> e) {
            assertThat(actual).as(path).isInstanceOf(Map.class);
            Map<?, ?> a = (Map<?, ?>) actual;
            assertThat(new ArrayList<Object>(a.keySet())).as(path + " keys").isEqualTo(new ArrayList<Object>(e.keySet()));
            e.forEach((k, v) -> assertSameTree(path + "." + k, v, a.get(k)));
        } else if (expected instanceof List<?> e) {
            assertThat(actual).as(path).isInstanceOf(List.class);
            List<?> a = (List<?>) actual;
            assertThat(a).as(path + " length").hasSameSizeAs(e);
            for (int i = 0; i < e.size(); i++) {
                assertSameTree(path + "[" + i + "]", e.get(i), a.get(i));
            }
        } else if (expected instanceof PickledObject e) {
            assertThat(actual).as(path).isInstanceOf(PickledObject.class);
            PickledObject a = (PickledObject) actual;
            assertThat(a.global()).as(path).isEqualTo(e.global());
            assertSameTree(path + " args", e.args(), a.args());
            assertSameTree(path + " state", e.state(), a.state());
        } else if (expected instanceof byte[] e) {
            assertThat((byte[]) actual).as(path).containsExactly(e);
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    /**
     * A legacy torch.save file's bytes with the system info's {@code little_endian} flag set to
     * {@code little} (the pickled NEWTRUE or NEWFALSE after the key and its BINPUT).
     */
    static byte[] withLittleEndianFlag(byte[] legacy, boolean little) {
        int at = indexOf(legacy, ascii("little_endian"), 0) + "little_endian".length() + 2;
        assertThat(legacy[at] & 0xff).as("NEWTRUE or NEWFALSE").isIn(0x88, 0x89);
        return patch(legacy, at, little ? 0x88 : 0x89);
    }

    /** A copy of {@code bytes} with {@code at} set to {@code value}. */
    static byte[] patch(byte[] bytes, int at, int value) {
        byte[] out = bytes.clone();
        out[at] = (byte) value;
        return out;
    }

    /** Where {@code needle} first occurs in {@code haystack} at or after {@code from}. */
    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /**
     * Copies zip {@code src} to {@code dst}, passing each entry through {@code edit} (name, bytes ->
     * new bytes, or null to leave the entry out); {@code extra} entries are appended.
     */
    static Path rewriteZip(Path src, Path dst, BiFunction<String, byte[], byte[]> edit, Map<String, byte[]> extra)
            throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(src.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] data = edit.apply(e.getName(), in.readAllBytes());
                    if (data != null) {
                        entries.put(e.getName(), data);
                    }
                }
            }
        }
        entries.putAll(extra);
        return writeZip(dst, entries);
    }

    static Path writeZip(Path dst, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return Files.write(dst, bytes.toByteArray());
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
