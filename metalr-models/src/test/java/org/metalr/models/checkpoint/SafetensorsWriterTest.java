package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.HostTensor;

class SafetensorsWriterTest {

    @TempDir
    Path dir;

    static Map<String, HostTensor> sample() {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("conv1.weight", HostTensor.of(new float[] {1.5f, -2f, Float.MIN_VALUE}, 3));
        t.put("bn1.num_batches_tracked", HostTensor.ofLongs(new long[] {Long.MIN_VALUE}));
        t.put("fc.bias", HostTensor.of(new double[] {0.1, -1e300, Double.NaN, -0.0}, 2, 2));
        t.put("empty", HostTensor.of(new float[0], 0, 5));
        t.put("名前 \"quoted\"", HostTensor.of(new float[] {7f}, 1));
        return t;
    }

    @Test
    void roundTripsValuesKindsOrderAndMetadata() throws Exception {
        Path f = dir.resolve("model.safetensors");
        Map<String, HostTensor> in = sample();
        SafetensorsWriter.write(f, in, Map.of("framework", "metalr"));
        SafetensorsFile out = SafetensorsReader.read(f);
        assertThat(out.tensors().keySet()).containsExactlyElementsOf(in.keySet());
        in.forEach((name, t) -> {
            HostTensor r = out.tensors().get(name);
            assertThat(r.kind()).isEqualTo(t.kind());
            assertThat(r.shape()).containsExactly(t.shape());
            if (t.kind() == HostTensor.Kind.INT64) {
                assertThat(r.toLongArray()).containsExactly(t.toLongArray());
            } else {
                assertThat(r.toDoubleArray()).containsExactly(t.toDoubleArray());
            }
        });
        assertThat(out.metadata()).containsExactly(Map.entry("framework", "metalr"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void layoutFollowsTheSpecification() throws Exception {
        Path f = dir.resolve("model.safetensors");
        SafetensorsWriter.write(f, sample());
        byte[] bytes = Files.readAllBytes(f);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{");
        Map<String, Object> json = Fixtures.JSON.readValue(header, Map.class);
        // data is contiguous, covers the data section exactly, and every tensor is aligned to its element size
        long dataSize = bytes.length - 8 - headerLength;
        long covered = 0;
        for (Object v : json.values()) {
            Map<String, Object> info = (Map<String, Object>) v;
            List<Object> offsets = (List<Object>) info.get("data_offsets");
            long begin = (Long) offsets.get(0);
            long end = (Long) offsets.get(1);
            int size = info.get("dtype").equals("F32") ? 4 : 8;
            assertThat(begin % size).as(info.toString()).isZero();
            covered += end - begin;
        }
        assertThat(covered).isEqualTo(dataSize);
        assertThat(json.get("fc.bias")).isEqualTo(Map.of("dtype", "F64", "shape", List.of(2L, 2L), "data_offsets", List.of(8L, 40L)));
    }

    /**
     * Names and metadata with every kind of character JSON escapes, written before the writer used
     * Jackson: the header must stay byte for byte the same (runs compare best.safetensors bytes).
     */
    @Test
    void theHeaderIsByteForByteWhatEarlierVersionsWrote() throws Exception {
        Map<String, HostTensor> tensors = sample();
        tensors.put("ctl\b\f\u0001\u001f\t\n\r\\/\u007f\u2028\uD83D\uDE00é", HostTensor.ofLongs(new long[] {1, 2}, 2));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note \u0000\"", "line\nnext\ttab\u000b\u001b é €");
        Path f = dir.resolve("model.safetensors");
        SafetensorsWriter.write(f, tensors, metadata);
        byte[] bytes = Files.readAllBytes(f);
        int headerLength = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String earlier = "{\"__metadata__\":{\"format\":\"pt\",\"note \\u0000\\\"\":\"line\\nnext\\ttab\\u000b\\u001b \u00e9 \u20ac\"},\"conv1.weight\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[56,68]},\"bn1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},\"fc.bias\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[8,40]},\"empty\":{\"dtype\":\"F32\",\"shape\":[0,5],\"data_offsets\":[68,68]},\"\u540d\u524d \\\"quoted\\\"\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[68,72]},\"ctl\\u0008\\u000c\\u0001\\u001f\\t\\n\\r\\\\/\u007f\u2028\ud83d\ude00\u00e9\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[40,56]}}";
        byte[] expected = earlier.getBytes(StandardCharsets.UTF_8);
        expected = Arrays.copyOf(expected, (expected.length + 7) / 8 * 8);
        Arrays.fill(expected, earlier.getBytes(StandardCharsets.UTF_8).length, expected.length, (byte) ' ');
        assertThat(Arrays.copyOfRange(bytes, 8, 8 + headerLength)).isEqualTo(expected);
    }

    /** A resumed run's files equal a run's never stopped only if metadata in any map order gives the same bytes. */
    @Test
    void metadataInAnyOrderGivesTheSameBytes() throws Exception {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("iteration", "150");
        one.put("epoch", "30");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("epoch", "30");
        other.put("iteration", "150");
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        SafetensorsWriter.write(a, sample(), one);
        SafetensorsWriter.write(b, sample(), other);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(SafetensorsReader.read(a).metadata()).containsExactly(Map.entry("epoch", "30"),
                Map.entry("iteration", "150"));
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFiles() throws Exception {
        Path f = dir.resolve("model.safetensors");
        Files.writeString(f, "old");
        SafetensorsWriter.write(f, sample());
        assertThat(SafetensorsReader.read(f).tensors()).hasSize(5);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFile() throws Exception {
        Path f = dir.resolve("model.safetensors");
        Files.writeString(f, "old");
        Map<String, HostTensor> bad = new LinkedHashMap<>(sample());
        bad.put("__metadata__", HostTensor.of(new float[] {1f}, 1));
        assertThatThrownBy(() -> SafetensorsWriter.write(f, bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid tensor name '__metadata__'");
        assertThat(Files.readString(f)).isEqualTo("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void aMissingDirectory() {
        Path f = dir.resolve("no/such/dir/model.safetensors");
        assertThatThrownBy(() -> SafetensorsWriter.write(f, sample()))
                .isInstanceOf(IOException.class).isNotInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("cannot write " + f + ": directory ").hasMessageEndingWith(" does not exist");
    }

    @Test
    void aTargetThatIsADirectory() throws Exception {
        Path f = Files.createDirectory(dir.resolve("taken.safetensors"));
        Files.writeString(f.resolve("inside"), "x");
        assertThatThrownBy(() -> SafetensorsWriter.write(f, sample()))
                .isInstanceOf(IOException.class).hasMessageStartingWith("cannot write " + f + ": ");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }
}
